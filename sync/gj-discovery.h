/* gj-discovery.h: finding colleagues' laptops on the LAN through Avahi
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GJ_DISCOVERY_SERVICE "_gongjian._tcp"

typedef struct
{
  char  *name;       /* the service name: the laptop's name */
  char  *host;       /* an address to connect to */
  guint  port;
  char  *device_id;  /* from the TXT record; checked again on connection */
  char  *street_id;
} GjNearby;

void gj_nearby_free (GjNearby *nearby);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjNearby, gj_nearby_free)

#define GJ_TYPE_DISCOVERY (gj_discovery_get_type ())
G_DECLARE_FINAL_TYPE (GjDiscovery, gj_discovery, GJ, DISCOVERY, GObject)

/* Browses for DNS-SD _gongjian._tcp services on the default main context,
 * skipping @own_device_id. Without a running Avahi daemon it stays
 * unavailable (and says so) and starts working when the daemon appears. */
GjDiscovery *gj_discovery_new          (const char  *own_device_id) G_GNUC_WARN_UNUSED_RESULT;
gboolean     gj_discovery_is_available (GjDiscovery *self);

/* The laptops seen now (GjNearby), in name order. "changed" says when. */
GPtrArray   *gj_discovery_list         (GjDiscovery *self) G_GNUC_WARN_UNUSED_RESULT;

/* Announces this laptop's listener; @port 0 withdraws it. */
void         gj_discovery_publish      (GjDiscovery *self,
                                        const char  *name,
                                        guint        port,
                                        const char  *street_id);

G_END_DECLS
