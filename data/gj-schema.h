/* gj-schema.h: the record kinds and their fields, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GJ_FIELD_TEXT,
  GJ_FIELD_INT,          /* whole number >= 0 */
  GJ_FIELD_REAL,         /* decimal number >= 0 (hours, scores) */
  GJ_FIELD_MONEY,        /* yuan, stored as integer fen */
  GJ_FIELD_BOOL,
  GJ_FIELD_DATE,         /* ISO 8601 YYYY-MM-DD */
  GJ_FIELD_ENUM,         /* stored as the English key */
  GJ_FIELD_ENUM_SET,     /* comma-separated English keys */
  GJ_FIELD_REF,          /* id of another record */
  GJ_FIELD_CREDIT_CODE,  /* GB 32100 unified social credit code */
  GJ_FIELD_RESIDENT_ID,  /* GB 11643 citizen identity number */
  GJ_FIELD_MOBILE,       /* 11-digit mainland mobile number */
} GjFieldType;

typedef enum
{
  GJ_FIELD_FLAG_NONE      = 0,
  GJ_FIELD_FLAG_REQUIRED  = 1 << 0,
  GJ_FIELD_FLAG_SEARCH    = 1 << 1,  /* text goes into the full-text index */
  GJ_FIELD_FLAG_SENSITIVE = 1 << 2,  /* masked in lists, shown whole in the editor */
  GJ_FIELD_FLAG_TITLE     = 1 << 3,  /* the field that names the record */
  GJ_FIELD_FLAG_INTERNAL  = 1 << 4,  /* not shown or edited by people (street scope) */
} GjFieldFlags;

typedef struct
{
  const char *key;    /* English key, stored */
  const char *label;  /* English label, translatable (N_) */
  const char *zh;     /* the Chinese term of the policy texts, accepted on input in any locale */
} GjEnumValue;

typedef struct
{
  const char        *name;      /* snake_case column name */
  const char        *label;     /* English label, translatable (N_) */
  GjFieldType        type;
  GjFieldFlags       flags;
  const GjEnumValue *values;    /* ENUM / ENUM_SET: terminated by a { NULL } entry */
  const char        *ref_kind;  /* REF: the kind it points to */
  guint              since;     /* wire version that added it; 0 for the first (1) */
} GjField;

typedef enum
{
  GJ_KIND_FLAG_NONE        = 0,
  GJ_KIND_FLAG_DISTRICT    = 1 << 0,  /* district reference data, sent to every street */
  GJ_KIND_FLAG_APPEND_ONLY = 1 << 1,  /* rows are never edited or deleted after insert */
  GJ_KIND_FLAG_NO_CONFLICT = 1 << 2,  /* plain last-writer-wins, never records conflicts */
} GjKindFlags;

/* A move between two stages of a workflow; a NULL stage is any stage. */
typedef struct
{
  const char *from;
  const char *to;
} GjStageMove;

/* A date field that a move into @stage (NULL: any stage) fills in when
 * the write does not give it. */
typedef struct
{
  const char *stage;
  const char *field;
} GjStageDate;

typedef enum
{
  GJ_STAGES_ANY_ORDER,    /* every move is allowed */
  GJ_STAGES_ONE_FORWARD,  /* only to the next stage */
  GJ_STAGES_FORWARD,      /* to any later stage */
} GjStageOrder;

/* The workflow of a kind (DESIGN.md §2): an enumeration field whose values,
 * in their declared order, are the stages a record moves through. A move
 * the order does not allow, or a move out of a terminal stage, needs
 * GJ_WRITE_REOPEN (gj-store.h), so that a slip of the hand cannot undo a
 * graduation. The lists end with a { NULL } entry. */
typedef struct
{
  const char         *field;
  GjStageOrder        order;
  const char *const  *terminal;  /* stages left only by a reopen */
  const GjStageMove  *allowed;   /* moves allowed besides the order */
  const GjStageMove  *refused;   /* moves refused although the order allows them */
  const GjStageDate  *dates;
} GjWorkflow;

typedef struct _GjKind GjKind;

struct _GjKind
{
  const char    *name;     /* snake_case, also the SQL table name */
  const char    *label;    /* English, translatable (N_) */
  const char    *label_plural;
  guint          index;    /* stable number on the wire and in the row log; never reuse */
  GjKindFlags    flags;
  const GjField *fields;   /* append only: a field's position is its cell column number */
  guint          n_fields;
  guint          title_field;
  guint          since;          /* wire version that added the kind; 0 for the first (1) */
  guint          n_base_fields;  /* fields it was added with: its tombstone's clock slot */
  const GjWorkflow *workflow;    /* NULL: the kind has no stages */
};

/* The tombstone is one more cell after the declared fields, named "deleted". */
#define GJ_DELETED_FIELD_NAME "deleted"

/* The version of the set of kinds and fields, as peers tell each other
 * (the "schema" of a page). It grows by one with each release that adds
 * kinds or fields; every field and kind says in .since which version
 * added it, so that a device can tell what an older peer can keep. It is
 * not the database's migration version (gj-store.h): adding a field needs
 * no migration, the store creates missing columns on every open. */
#define GJ_SCHEMA_WIRE_VERSION 2

/* Longest kind or field name that can be on the wire, known or not. */
#define GJ_SCHEMA_NAME_MAX 64

/* Fields a kind may have, so that a row's clocks fit on the stack. */
#define GJ_SCHEMA_MAX_FIELDS 96

guint              gj_schema_n_kinds        (void);
const GjKind      *gj_schema_kind           (guint       i);
const GjKind      *gj_schema_kind_by_index  (guint       wire_index);
const GjKind      *gj_schema_lookup         (const char *name);

int                gj_kind_field_index      (const GjKind *kind,
                                             const char   *field_name);
const GjField     *gj_kind_field            (const GjKind *kind,
                                             const char   *field_name);
guint              gj_kind_deleted_column   (const GjKind *kind);
guint              gj_kind_column_since     (const GjKind *kind,
                                             guint         column);
guint              gj_kind_clock_slot       (const GjKind *kind,
                                             guint         column);
int                gj_kind_slot_column      (const GjKind *kind,
                                             guint         slot);
gboolean           gj_schema_name_is_valid  (const char   *name);

const GjEnumValue *gj_field_enum_lookup     (const GjField *field,
                                             const char    *key_or_label);
const GjEnumValue *gj_field_enum_by_key     (const GjField *field,
                                             const char    *key);
const char        *gj_field_type_name       (GjFieldType    type);

G_END_DECLS
