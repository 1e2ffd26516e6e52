/* gj-import-row-item.c: one row of a sheet in the import preview
 *
 * The preview's columns bind to these properties in the dialog's
 * template, so the item carries its text ready to show: the outcome's
 * label and icon are derived here, once, rather than in every cell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import-row-item"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-import-row-item.h"

struct _GjImportRowItem
{
  GObject          parent_instance;

  guint            sheet_row;
  GjImportOutcome  outcome;
  char            *title;
  char            *details;
};

G_DEFINE_FINAL_TYPE (GjImportRowItem, gj_import_row_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ROW_LABEL,
  PROP_OUTCOME_LABEL,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
outcome_label (GjImportOutcome outcome)
{
  switch (outcome)
    {
    case GJ_IMPORT_ROW_NEW:
      return _("New");
    case GJ_IMPORT_ROW_MATCH:
      return _("Matches");
    case GJ_IMPORT_ROW_DUPLICATE:
      return _("Duplicate");
    case GJ_IMPORT_ROW_PROBLEM:
    default:
      return _("Problem");
    }
}

static const char *
outcome_icon (GjImportOutcome outcome)
{
  switch (outcome)
    {
    case GJ_IMPORT_ROW_NEW:
      return "list-add-symbolic";
    case GJ_IMPORT_ROW_MATCH:
      return "emblem-synchronizing-symbolic";
    case GJ_IMPORT_ROW_DUPLICATE:
      return "edit-copy-symbolic";
    case GJ_IMPORT_ROW_PROBLEM:
    default:
      return "dialog-warning-symbolic";
    }
}

GjImportRowItem *
gj_import_row_item_new (guint            sheet_row,
                        GjImportOutcome  outcome,
                        const char      *title,
                        const char      *details)
{
  GjImportRowItem *self = g_object_new (GJ_TYPE_IMPORT_ROW_ITEM, NULL);

  self->sheet_row = sheet_row;
  self->outcome = outcome;
  self->title = g_strdup (title ? title : "");
  self->details = g_strdup (details ? details : "");
  return self;
}

guint
gj_import_row_item_get_sheet_row (GjImportRowItem *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_ROW_ITEM (self), 0);
  return self->sheet_row;
}

GjImportOutcome
gj_import_row_item_get_outcome (GjImportRowItem *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_ROW_ITEM (self), GJ_IMPORT_ROW_PROBLEM);
  return self->outcome;
}

const char *
gj_import_row_item_get_title (GjImportRowItem *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_ROW_ITEM (self), NULL);
  return self->title;
}

const char *
gj_import_row_item_get_details (GjImportRowItem *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_ROW_ITEM (self), NULL);
  return self->details;
}

static void
gj_import_row_item_finalize (GObject *object)
{
  GjImportRowItem *self = GJ_IMPORT_ROW_ITEM (object);

  g_free (self->title);
  g_free (self->details);
  G_OBJECT_CLASS (gj_import_row_item_parent_class)->finalize (object);
}

static void
gj_import_row_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GjImportRowItem *self = GJ_IMPORT_ROW_ITEM (object);

  switch (prop_id)
    {
    case PROP_ROW_LABEL:
      g_value_take_string (value, g_strdup_printf ("%u", self->sheet_row));
      break;
    case PROP_OUTCOME_LABEL:
      g_value_set_string (value, outcome_label (self->outcome));
      break;
    case PROP_ICON_NAME:
      g_value_set_static_string (value, outcome_icon (self->outcome));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_import_row_item_class_init (GjImportRowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gj_import_row_item_finalize;
  object_class->get_property = gj_import_row_item_get_property;

  properties[PROP_ROW_LABEL] =
    g_param_spec_string ("row-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTCOME_LABEL] =
    g_param_spec_string ("outcome-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gj_import_row_item_init (GjImportRowItem *self)
{
}
