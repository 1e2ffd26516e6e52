/* gj-record-list.c: a lazy list model of the records of one kind
 *
 * The model knows how many records match (one COUNT query) and reads them
 * a page at a time, in the reader's thread, when a view first asks for an
 * item of that page. Until the page arrives the view gets placeholder
 * items; the page's arrival replaces them with one items-changed. At most
 * MAX_PAGES pages are kept, so scrolling through 100,000 rows holds only a
 * few thousand records.
 *
 * Every read carries the generation it was made for: results of a query
 * that was replaced since are dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-list"

#include "config.h"

#include "gj-format.h"
#include "gj-record-list.h"

#define PAGE_SIZE 200
#define MAX_PAGES 8

typedef struct
{
  GjQuery  q;         /* points into the members below */
  GArray  *filters;   /* GjFilter, strings owned */
  char    *text;
  char    *sort;
} QueryCopy;

typedef struct
{
  GPtrArray *items;   /* GjRecordItem */
  guint64    stamp;   /* last use, for eviction */
  gboolean   stale;   /* read before the last refresh; a new read is on its way */
} Page;

struct _GjRecordList
{
  GObject               parent_instance;

  GjReader             *reader;
  const GjKind         *kind;
  QueryCopy            *query;
  GjRecordListDecorate  decorate;
  gpointer              decorate_data;
  GjRecordListLoader    loader;
  gpointer              loader_data;

  guint                 n_items;
  GHashTable           *pages;       /* page number → Page */
  GHashTable           *requested;   /* page numbers being read */
  guint64               clock;
  guint                 generation;
  GCancellable         *cancellable;
  gboolean              loading;
  GError               *error;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjRecordList, gj_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Queries */

static void
query_free (QueryCopy *qc)
{
  if (qc == NULL)
    return;
  for (guint i = 0; qc->filters && i < qc->filters->len; i++)
    {
      GjFilter *f = &g_array_index (qc->filters, GjFilter, i);
      g_free ((char *) f->field);
      g_free ((char *) f->value);
    }
  g_clear_pointer (&qc->filters, g_array_unref);
  g_free (qc->text);
  g_free (qc->sort);
  g_free (qc);
}

static void
query_fix (QueryCopy *qc)
{
  qc->q.filters = (const GjFilter *) qc->filters->data;
  qc->q.n_filters = qc->filters->len;
  qc->q.text = qc->text;
  qc->q.sort_field = qc->sort;
}

static QueryCopy *
query_copy (const GjQuery *q,
            const char    *sort,
            gboolean       descending)
{
  QueryCopy *qc = g_new0 (QueryCopy, 1);

  qc->filters = g_array_new (FALSE, TRUE, sizeof (GjFilter));
  for (guint i = 0; q && i < q->n_filters; i++)
    {
      GjFilter f = { g_strdup (q->filters[i].field), g_strdup (q->filters[i].value),
                      q->filters[i].op };
      g_array_append_val (qc->filters, f);
    }
  qc->text = q && q->text && q->text[0] ? g_strdup (q->text) : NULL;
  qc->sort = g_strdup (sort);
  qc->q.descending = descending;
  qc->q.include_deleted = q ? q->include_deleted : FALSE;
  query_fix (qc);
  return qc;
}

static QueryCopy *
query_dup (const QueryCopy *qc)
{
  return query_copy (&qc->q, qc->sort, qc->q.descending);
}

/* Work done in the reader's thread */

typedef struct
{
  const GjKind         *kind;
  QueryCopy            *query;
  guint                 page;
  guint                 generation;
  GjRecordListDecorate  decorate;
  gpointer              decorate_data;
  GjRecordListLoader    loader;
  gpointer              loader_data;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  query_free (job->query);
  g_free (job);
}

typedef struct
{
  gint64     count;
  GPtrArray *items;  /* GjRecordItem; the whole list when a loader is set */
} ReadResult;

static void
read_result_free (ReadResult *r)
{
  g_clear_pointer (&r->items, g_ptr_array_unref);
  g_free (r);
}

static GPtrArray *
make_items (GjStore    *store,
            ReadJob    *job,
            GPtrArray  *records,
            GError    **error)
{
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (records->len, g_object_unref);

  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      GjRecordItem *item = gj_record_item_new (rec);

      for (guint f = 0; f < job->kind->n_fields; f++)
        {
          const GjField *field = &job->kind->fields[f];

          if (field->flags & GJ_FIELD_FLAG_INTERNAL)
            continue;
          gj_record_item_take_text (item, f, gj_format_field (store, rec, field, TRUE, titles));
        }
      g_ptr_array_add (items, item);
      if (job->decorate != NULL && !job->decorate (store, item, job->decorate_data, error))
        return NULL;
    }
  return g_steal_pointer (&items);
}

static gpointer
read_count (GjStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ReadJob *job = data;
  ReadResult *r = g_new0 (ReadResult, 1);

  if (job->loader != NULL)
    {
      g_autoptr(GPtrArray) records = job->loader (store, job->kind, &job->query->q,
                                                  job->loader_data, error);
      if (records == NULL)
        {
          g_free (r);
          return NULL;
        }
      r->items = make_items (store, job, records, error);
      if (r->items == NULL)
        {
          g_free (r);
          return NULL;
        }
      r->count = records->len;
      return r;
    }

  r->count = gj_store_count (store, job->kind, &job->query->q, error);
  if (r->count < 0)
    {
      g_free (r);
      return NULL;
    }
  return r;
}

static gpointer
read_page (GjStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  ReadJob *job = data;
  ReadResult *r;
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *items;

  job->query->q.offset = job->page * PAGE_SIZE;
  job->query->q.limit = PAGE_SIZE;
  records = gj_store_list (store, job->kind, &job->query->q, error);
  if (records == NULL)
    return NULL;
  items = make_items (store, job, records, error);
  if (items == NULL)
    return NULL;
  r = g_new0 (ReadResult, 1);
  r->items = items;
  return r;
}

/* Main thread */

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
set_loading (GjRecordList *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static ReadJob *
new_job (GjRecordList *self,
         guint         page)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->kind = self->kind;
  job->query = query_dup (self->query);
  job->page = page;
  job->generation = self->generation;
  job->decorate = self->decorate;
  job->decorate_data = self->decorate_data;
  job->loader = self->loader;
  job->loader_data = self->loader_data;
  return job;
}

typedef struct
{
  GjRecordList *self;
  guint         page;
  guint         generation;
} Pending;

static Pending *
pending_new (GjRecordList *self,
             guint         page)
{
  Pending *p = g_new0 (Pending, 1);

  p->self = g_object_ref (self);
  p->page = page;
  p->generation = self->generation;
  return p;
}

static void
pending_free (Pending *p)
{
  g_object_unref (p->self);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void page_read_cb  (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);
static void count_read_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
request_page (GjRecordList *self,
              guint         page)
{
  if (self->loader != NULL || g_hash_table_contains (self->requested, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->requested, GUINT_TO_POINTER (page));
  set_loading (self, TRUE);
  gj_reader_run_async (self->reader, read_page, new_job (self, page),
                       (GDestroyNotify) read_job_free, (GDestroyNotify) read_result_free,
                       self->cancellable, page_read_cb, pending_new (self, page));
}

static void
evict (GjRecordList *self)
{
  GHashTableIter iter;
  gpointer key, value;
  gpointer oldest = NULL;
  guint64 oldest_stamp = G_MAXUINT64;

  if (self->loader != NULL || g_hash_table_size (self->pages) <= MAX_PAGES)
    return;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Page *page = value;

      if (page->stamp < oldest_stamp)
        {
          oldest_stamp = page->stamp;
          oldest = key;
        }
    }
  /* Rows already handed to the view keep their items; the view asks again
   * for the others if it ever scrolls back. */
  g_hash_table_remove (self->pages, oldest);
}

static void
store_page (GjRecordList *self,
            guint         number,
            GPtrArray    *items)
{
  Page *page = g_new0 (Page, 1);

  page->items = g_ptr_array_ref (items);
  page->stamp = ++self->clock;
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (number), page);
}

static void
set_error (GjRecordList *self,
           GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  g_debug ("Could not read %s: %s", self->kind->name, error->message);
  g_clear_error (&self->error);
  self->error = error;
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  GjRecordList *self = p->self;
  GError *error = NULL;
  ReadResult *r = gj_reader_run_finish (GJ_READER (source), result, &error);
  guint start, len;

  if (p->generation != self->generation)
    {
      g_clear_pointer (&r, read_result_free);
      g_clear_error (&error);
      return;
    }
  g_hash_table_remove (self->requested, GUINT_TO_POINTER (p->page));
  if (g_hash_table_size (self->requested) == 0)
    set_loading (self, FALSE);
  if (r == NULL)
    {
      set_error (self, error);
      return;
    }
  store_page (self, p->page, r->items);
  read_result_free (r);
  evict (self);

  start = p->page * PAGE_SIZE;
  if (start >= self->n_items)
    return;
  len = MIN (PAGE_SIZE, self->n_items - start);
  g_list_model_items_changed (G_LIST_MODEL (self), start, len, len);
}

static void
count_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Pending) p = user_data;
  GjRecordList *self = p->self;
  GError *error = NULL;
  ReadResult *r = gj_reader_run_finish (GJ_READER (source), result, &error);
  guint old = self->n_items;

  if (p->generation != self->generation)
    {
      g_clear_pointer (&r, read_result_free);
      g_clear_error (&error);
      return;
    }
  if (r == NULL)
    {
      set_error (self, error);
      r = g_new0 (ReadResult, 1);
    }
  else
    g_clear_error (&self->error);

  if (r->items != NULL)
    {
      /* A loader read everything at once. */
      g_hash_table_remove_all (self->pages);
      for (guint start = 0; start < r->items->len; start += PAGE_SIZE)
        {
          g_autoptr(GPtrArray) part = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint i = start; i < MIN (start + PAGE_SIZE, r->items->len); i++)
            g_ptr_array_add (part, g_object_ref (g_ptr_array_index (r->items, i)));
          store_page (self, start / PAGE_SIZE, part);
        }
      self->n_items = r->items->len;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
    }
  else if ((guint) r->count == old && old > 0)
    {
      /* Same length: keep showing the rows we have and read their pages
       * again, so the view keeps its place while a write is reflected. */
      GHashTableIter iter;
      gpointer key, value;
      g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint n = GPOINTER_TO_UINT (key);

          ((Page *) value)->stale = TRUE;
          g_array_append_val (numbers, n);
        }
      for (guint i = 0; i < numbers->len; i++)
        request_page (self, g_array_index (numbers, guint, i));
    }
  else
    {
      g_hash_table_remove_all (self->pages);
      self->n_items = (guint) MAX (r->count, 0);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
    }
  read_result_free (r);

  if (old != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (g_hash_table_size (self->requested) == 0)
    set_loading (self, FALSE);
}

static void
reload (GjRecordList *self)
{
  if (self->query == NULL || self->reader == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  g_hash_table_remove_all (self->requested);
  set_loading (self, TRUE);
  gj_reader_run_async (self->reader, read_count, new_job (self, 0),
                       (GDestroyNotify) read_job_free, (GDestroyNotify) read_result_free,
                       self->cancellable, count_read_cb, pending_new (self, 0));
}

/* GListModel */

static GType
list_get_item_type (GListModel *model)
{
  return GJ_TYPE_RECORD_ITEM;
}

static guint
list_get_n_items (GListModel *model)
{
  return GJ_RECORD_LIST (model)->n_items;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  GjRecordList *self = GJ_RECORD_LIST (model);
  guint number = position / PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (number));
  if (page == NULL || page->stale)
    request_page (self, number);
  if (page != NULL)
    {
      page->stamp = ++self->clock;
      if (position % PAGE_SIZE < page->items->len)
        return g_object_ref (g_ptr_array_index (page->items, position % PAGE_SIZE));
    }
  return gj_record_item_new_placeholder ();
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* Public */

GjRecordList *
gj_record_list_new (GjReader     *reader,
                    const GjKind *kind)
{
  GjRecordList *self;

  g_return_val_if_fail (GJ_IS_READER (reader), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (GJ_TYPE_RECORD_LIST, NULL);
  self->reader = g_object_ref (reader);
  self->kind = kind;
  return self;
}

const GjKind *
gj_record_list_get_kind (GjRecordList *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_LIST (self), NULL);
  return self->kind;
}

void
gj_record_list_set_decorate (GjRecordList         *self,
                             GjRecordListDecorate  func,
                             gpointer              user_data)
{
  g_return_if_fail (GJ_IS_RECORD_LIST (self));
  self->decorate = func;
  self->decorate_data = user_data;
}

void
gj_record_list_set_loader (GjRecordList       *self,
                           GjRecordListLoader  func,
                           gpointer            user_data)
{
  g_return_if_fail (GJ_IS_RECORD_LIST (self));
  self->loader = func;
  self->loader_data = user_data;
  reload (self);
}

void
gj_record_list_set_query (GjRecordList  *self,
                          const GjQuery *query)
{
  QueryCopy *old;

  g_return_if_fail (GJ_IS_RECORD_LIST (self));

  old = self->query;
  self->query = query_copy (query, old ? old->sort : NULL, old ? old->q.descending : FALSE);
  query_free (old);
  reload (self);
}

void
gj_record_list_set_sort (GjRecordList *self,
                         const char   *field,
                         gboolean      descending)
{
  QueryCopy *old;

  g_return_if_fail (GJ_IS_RECORD_LIST (self));

  old = self->query;
  self->query = query_copy (old ? &old->q : NULL, field, descending);
  query_free (old);
  reload (self);
}

void
gj_record_list_refresh (GjRecordList *self)
{
  g_return_if_fail (GJ_IS_RECORD_LIST (self));
  reload (self);
}

gboolean
gj_record_list_get_loading (GjRecordList *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_LIST (self), FALSE);
  return self->loading;
}

const GError *
gj_record_list_get_error (GjRecordList *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_LIST (self), NULL);
  return self->error;
}

static void
gj_record_list_dispose (GObject *object)
{
  GjRecordList *self = GJ_RECORD_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->reader);
  G_OBJECT_CLASS (gj_record_list_parent_class)->dispose (object);
}

static void
gj_record_list_finalize (GObject *object)
{
  GjRecordList *self = GJ_RECORD_LIST (object);

  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->requested);
  query_free (self->query);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (gj_record_list_parent_class)->finalize (object);
}

static void
gj_record_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GjRecordList *self = GJ_RECORD_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_record_list_class_init (GjRecordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gj_record_list_dispose;
  object_class->finalize = gj_record_list_finalize;
  object_class->get_property = gj_record_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gj_record_list_init (GjRecordList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->requested = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
}
