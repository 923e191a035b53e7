/* Forward-only migrations. Migration N takes the schema from version N-1 to
 * N; each runs in its own transaction together with the version bump. Never
 * edit a migration that has shipped: add the next one. */
#include <stddef.h>

#include "schema.h"

static const char *const migrations[] = {
	/* 1: platform — units, users, sessions, audit, calendar. */
	"CREATE TABLE units ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  level TEXT NOT NULL CHECK (level IN ('province','city','county','school')),"
	"  kind TEXT NOT NULL CHECK (kind IN ('authority','department','school','university','direct','discipline')),"
	"  parent_id INTEGER REFERENCES units(id),"
	"  profile TEXT NOT NULL DEFAULT 'national-2022',"
	"  region TEXT NOT NULL DEFAULT '',"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  successor_id INTEGER REFERENCES units(id),"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX units_parent ON units(parent_id);"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  username TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  roles INTEGER NOT NULL,"
	"  pw_hash TEXT NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1,"
	"  failed INTEGER NOT NULL DEFAULT 0,"
	"  locked_until INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX users_unit ON users(unit_id);"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  csrf TEXT NOT NULL,"
	"  bearer INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  user_id INTEGER,"
	"  ip TEXT,"
	"  action TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id INTEGER,"
	"  before TEXT,"
	"  after TEXT,"
	"  prev_hash BLOB NOT NULL,"
	"  hash BLOB NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE TABLE calendar_years ("
	"  year INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL);",
};

size_t
xf_schema_count(void)
{
	return sizeof(migrations) / sizeof(migrations[0]);
}

const char *
xf_schema_migration(size_t version)
{
	if (version < 1 || version > xf_schema_count())
		return NULL;
	return migrations[version - 1];
}
