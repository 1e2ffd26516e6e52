/* gj-discovery.c: finding colleagues' laptops on the LAN through Avahi
 *
 * What DNS-SD says is only a hint of where to connect: the laptop there is
 * identified by its certificate when pairing, and pinned after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-discovery"

#include "config.h"

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-glib/glib-malloc.h>
#include <avahi-glib/glib-watch.h>

#include "gj-discovery.h"

struct _GjDiscovery
{
  GObject              parent_instance;

  char                *own_id;
  AvahiGLibPoll       *poll;
  AvahiClient         *client;
  AvahiServiceBrowser *browser;
  AvahiEntryGroup     *group;
  GHashTable          *seen;   /* service name -> GjNearby */

  char                *publish_name;
  guint                publish_port;
  char                *publish_street;
};

G_DEFINE_FINAL_TYPE (GjDiscovery, gj_discovery, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

void
gj_nearby_free (GjNearby *n)
{
  if (n == NULL)
    return;
  g_free (n->name);
  g_free (n->host);
  g_free (n->device_id);
  g_free (n->street_id);
  g_free (n);
}

static void publish_now (GjDiscovery *self);

static char *
txt_value (AvahiStringList *txt,
           const char      *key)
{
  AvahiStringList *item = avahi_string_list_find (txt, key);
  char *k = NULL, *v = NULL;
  char *out;

  if (item == NULL || avahi_string_list_get_pair (item, &k, &v, NULL) < 0)
    return NULL;
  out = g_strdup (v);
  avahi_free (k);
  avahi_free (v);
  return out;
}

static void
resolve_cb (AvahiServiceResolver   *r,
            AvahiIfIndex            iface,
            AvahiProtocol           protocol,
            AvahiResolverEvent      event,
            const char             *name,
            const char             *type,
            const char             *domain,
            const char             *host_name,
            const AvahiAddress     *address,
            uint16_t                port,
            AvahiStringList        *txt,
            AvahiLookupResultFlags  flags,
            void                   *user_data)
{
  GjDiscovery *self = user_data;

  if (event == AVAHI_RESOLVER_FOUND)
    {
      g_autofree char *device = txt_value (txt, "device");
      char text[AVAHI_ADDRESS_STR_MAX];

      if (device != NULL && g_strcmp0 (device, self->own_id) != 0)
        {
          GjNearby *n = g_new0 (GjNearby, 1);

          avahi_address_snprint (text, sizeof text, address);
          n->name = g_strdup (name);
          n->host = g_strdup (text);
          n->port = port;
          n->device_id = g_steal_pointer (&device);
          n->street_id = txt_value (txt, "street");
          g_hash_table_replace (self->seen, n->name, n);
          g_signal_emit (self, signals[CHANGED], 0);
        }
    }
  avahi_service_resolver_free (r);
}

static void
browse_cb (AvahiServiceBrowser    *b,
           AvahiIfIndex            iface,
           AvahiProtocol           protocol,
           AvahiBrowserEvent       event,
           const char             *name,
           const char             *type,
           const char             *domain,
           AvahiLookupResultFlags  flags,
           void                   *user_data)
{
  GjDiscovery *self = user_data;

  switch (event)
    {
    case AVAHI_BROWSER_NEW:
      /* IPv4 first: link-local IPv6 addresses need a scope to be usable. */
      avahi_service_resolver_new (self->client, iface, protocol, name, type, domain,
                                  AVAHI_PROTO_INET, 0, resolve_cb, self);
      break;
    case AVAHI_BROWSER_REMOVE:
      if (g_hash_table_remove (self->seen, name))
        g_signal_emit (self, signals[CHANGED], 0);
      break;
    default:
      break;
    }
}

static void
group_cb (AvahiEntryGroup      *group,
          AvahiEntryGroupState  state,
          void                 *user_data)
{
  GjDiscovery *self = user_data;

  if (state == AVAHI_ENTRY_GROUP_COLLISION && self->publish_name != NULL)
    {
      /* Two laptops with the same host name: take "name #2". */
      char *alt = avahi_alternative_service_name (self->publish_name);

      g_free (self->publish_name);
      self->publish_name = g_strdup (alt);
      avahi_free (alt);
      publish_now (self);
    }
}

static void
publish_now (GjDiscovery *self)
{
  g_autofree char *device = NULL;
  g_autofree char *street = NULL;

  if (self->client == NULL || avahi_client_get_state (self->client) != AVAHI_CLIENT_S_RUNNING)
    return;
  if (self->group != NULL)
    avahi_entry_group_reset (self->group);
  if (self->publish_port == 0)
    return;
  if (self->group == NULL)
    self->group = avahi_entry_group_new (self->client, group_cb, self);
  if (self->group == NULL)
    return;
  device = g_strconcat ("device=", self->own_id, NULL);
  street = g_strconcat ("street=", self->publish_street ? self->publish_street : "", NULL);
  if (avahi_entry_group_add_service (self->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0,
                                     self->publish_name, GJ_DISCOVERY_SERVICE, NULL, NULL,
                                     (uint16_t) self->publish_port, device, street, "v=1", NULL) < 0 ||
      avahi_entry_group_commit (self->group) < 0)
    g_message ("could not announce this laptop on the network: %s",
               avahi_strerror (avahi_client_errno (self->client)));
}

static void
client_cb (AvahiClient      *client,
           AvahiClientState  state,
           void             *user_data)
{
  GjDiscovery *self = user_data;

  /* Called from within avahi_client_new too, before it returns. */
  self->client = client;
  switch (state)
    {
    case AVAHI_CLIENT_S_RUNNING:
      if (self->browser == NULL)
        self->browser = avahi_service_browser_new (client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                                   GJ_DISCOVERY_SERVICE, NULL, 0, browse_cb, self);
      publish_now (self);
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
      if (self->group != NULL)
        avahi_entry_group_reset (self->group);
      break;
    case AVAHI_CLIENT_FAILURE:
    case AVAHI_CLIENT_CONNECTING:
      /* The daemon went away or is not there yet; NO_FAIL reconnects. */
      g_clear_pointer (&self->browser, avahi_service_browser_free);
      g_clear_pointer (&self->group, avahi_entry_group_free);
      g_hash_table_remove_all (self->seen);
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    default:
      break;
    }
}

static void
gj_discovery_finalize (GObject *object)
{
  GjDiscovery *self = GJ_DISCOVERY (object);

  g_clear_pointer (&self->browser, avahi_service_browser_free);
  g_clear_pointer (&self->group, avahi_entry_group_free);
  g_clear_pointer (&self->client, avahi_client_free);
  g_clear_pointer (&self->poll, avahi_glib_poll_free);
  g_hash_table_unref (self->seen);
  g_free (self->own_id);
  g_free (self->publish_name);
  g_free (self->publish_street);
  G_OBJECT_CLASS (gj_discovery_parent_class)->finalize (object);
}

static void
gj_discovery_class_init (GjDiscoveryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_discovery_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gj_discovery_init (GjDiscovery *self)
{
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) gj_nearby_free);
}

GjDiscovery *
gj_discovery_new (const char *own_device_id)
{
  static gsize allocator_set = 0;
  GjDiscovery *self = g_object_new (GJ_TYPE_DISCOVERY, NULL);
  int err = 0;

  self->own_id = g_strdup (own_device_id);
  /* Process-wide, and to be set before any other Avahi call. */
  if (g_once_init_enter (&allocator_set))
    {
      avahi_set_allocator (avahi_glib_allocator ());
      g_once_init_leave (&allocator_set, 1);
    }
  self->poll = avahi_glib_poll_new (NULL, G_PRIORITY_DEFAULT);
  if (avahi_client_new (avahi_glib_poll_get (self->poll), AVAHI_CLIENT_NO_FAIL, client_cb, self,
                        &err) == NULL)
    {
      self->client = NULL;
      g_message ("LAN discovery is off: %s", avahi_strerror (err));
    }
  return self;
}

gboolean
gj_discovery_is_available (GjDiscovery *self)
{
  g_return_val_if_fail (GJ_IS_DISCOVERY (self), FALSE);
  return self->client != NULL && avahi_client_get_state (self->client) == AVAHI_CLIENT_S_RUNNING;
}

static gint
by_name (gconstpointer a,
         gconstpointer b)
{
  const GjNearby *x = *(GjNearby * const *) a, *y = *(GjNearby * const *) b;

  return g_utf8_collate (x->name, y->name);
}

GPtrArray *
gj_discovery_list (GjDiscovery *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_nearby_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (GJ_IS_DISCOVERY (self), out);
  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const GjNearby *n = value;
      GjNearby *copy = g_new0 (GjNearby, 1);

      copy->name = g_strdup (n->name);
      copy->host = g_strdup (n->host);
      copy->port = n->port;
      copy->device_id = g_strdup (n->device_id);
      copy->street_id = g_strdup (n->street_id);
      g_ptr_array_add (out, copy);
    }
  g_ptr_array_sort (out, by_name);
  return out;
}

void
gj_discovery_publish (GjDiscovery *self,
                      const char  *name,
                      guint        port,
                      const char  *street_id)
{
  g_return_if_fail (GJ_IS_DISCOVERY (self));

  g_free (self->publish_name);
  self->publish_name = g_strdup (name);
  g_free (self->publish_street);
  self->publish_street = g_strdup (street_id);
  self->publish_port = port;
  publish_now (self);
}
