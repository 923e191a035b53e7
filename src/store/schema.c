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

	/* 2: cases — the matter, its petitioners, deadlines, history,
	 * Chinese full-text search (bigram tokenizer), recusals. Dates are
	 * day numbers (days since 1970-01-01). */
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY,"
	"  text TEXT NOT NULL UNIQUE);"
	"CREATE TABLE case_serials ("
	"  unit_id INTEGER NOT NULL,"
	"  day INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, day)) WITHOUT ROWID;"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"
	"  query_salt BLOB NOT NULL,"
	"  query_hash BLOB NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  first_unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  lead_unit_id INTEGER,"
	"  channel INTEGER NOT NULL,"
	"  class INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	"  purpose TEXT NOT NULL DEFAULT '',"
	"  region TEXT NOT NULL DEFAULT '',"
	"  title TEXT NOT NULL,"
	"  content TEXT NOT NULL,"
	"  received_on INTEGER NOT NULL,"
	"  registered_on INTEGER NOT NULL,"
	"  headcount INTEGER NOT NULL,"
	"  respondent_unit_id INTEGER,"
	"  respondent TEXT,"
	"  petitioners TEXT NOT NULL,"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  repeat_of INTEGER,"
	"  simhash INTEGER NOT NULL DEFAULT 0,"	/* unused since 9 */
	"  next_due INTEGER,"
	"  closed_on INTEGER,"
	"  lc TEXT NOT NULL,"
	"  created_by INTEGER,"
	"  updated_at TEXT NOT NULL);"
	"CREATE INDEX cases_unit ON cases(unit_id, status);"
	"CREATE INDEX cases_first ON cases(first_unit_id, category);"
	"CREATE INDEX cases_category ON cases(category, id);"
	"CREATE INDEX cases_received ON cases(received_on);"
	"CREATE INDEX cases_next_due ON cases(next_due) WHERE next_due IS NOT NULL;"
	"CREATE TABLE case_idnums ("
	"  id_number TEXT NOT NULL,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  PRIMARY KEY (id_number, case_id)) WITHOUT ROWID;"
	"CREATE TABLE case_units ("
	"  unit_id INTEGER NOT NULL,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  PRIMARY KEY (unit_id, case_id)) WITHOUT ROWID;"
	"CREATE TABLE deadlines ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  seq INTEGER NOT NULL,"
	"  kind INTEGER NOT NULL,"
	"  unit_id INTEGER,"
	"  start INTEGER NOT NULL,"
	"  days INTEGER NOT NULL,"
	"  unit INTEGER NOT NULL,"
	"  extension INTEGER NOT NULL,"
	"  due INTEGER,"
	"  profile TEXT NOT NULL,"
	"  article_id INTEGER REFERENCES articles(id),"
	"  met_on INTEGER,"
	"  state INTEGER NOT NULL,"
	"  provisional INTEGER NOT NULL,"
	"  PRIMARY KEY (case_id, seq)) WITHOUT ROWID;"
	"CREATE INDEX deadlines_open ON deadlines(due, kind) WHERE state = 0;"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  at TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  date INTEGER NOT NULL,"
	"  user_id INTEGER,"
	"  unit_id INTEGER,"
	"  from_unit_id INTEGER,"
	"  to_unit_id INTEGER,"
	"  from_status INTEGER,"
	"  to_status INTEGER,"
	"  document TEXT,"
	"  summary TEXT NOT NULL,"
	"  data TEXT);"
	"CREATE INDEX events_case ON events(case_id, id);"
	"CREATE TABLE recusals ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  user_id INTEGER NOT NULL REFERENCES users(id),"
	"  reason TEXT NOT NULL,"
	"  by_user INTEGER,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (case_id, user_id)) WITHOUT ROWID;"
	"CREATE TABLE evaluations ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  level INTEGER NOT NULL,"		/* xf_reply_level rated */
	"  rating TEXT NOT NULL CHECK (rating IN ('satisfied',"
	"    'basically_satisfied','dissatisfied')),"
	"  comment TEXT,"
	"  rated_on INTEGER NOT NULL,"
	"  unit_id INTEGER,"			/* the unit whose answer was rated */
	"  answer TEXT,"			/* the unit's answer to a 不满意 */
	"  answered_on INTEGER,"
	"  at TEXT NOT NULL,"
	"  UNIQUE (case_id, level));"
	"CREATE INDEX evaluations_unit ON evaluations(unit_id, rated_on);"
	"CREATE TABLE doc_serials ("
	"  unit_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  last INTEGER NOT NULL,"
	"  PRIMARY KEY (unit_id, year)) WITHOUT ROWID;"
	"CREATE TABLE documents ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER REFERENCES cases(id),"
	"  supervision_id INTEGER,"
	"  kind TEXT NOT NULL,"
	"  unit_id INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  serial INTEGER NOT NULL,"
	"  number TEXT NOT NULL UNIQUE,"
	"  issued_on INTEGER NOT NULL,"
	"  event_id INTEGER,"
	"  data TEXT NOT NULL,"			/* what it was made from */
	"  sha256 TEXT,"			/* of the PDF, set at first render */
	"  bytes INTEGER,"
	"  created_at TEXT NOT NULL,"
	"  UNIQUE (unit_id, year, serial));"
	"CREATE INDEX documents_case ON documents(case_id, id);"
	"CREATE VIRTUAL TABLE cases_fts USING fts5(title, content,"
	"  content='cases', content_rowid='id', tokenize='xfbigram');"
	"CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN"
	"  INSERT INTO cases_fts(rowid, title, content)"
	"  VALUES (new.id, new.title, new.content); END;"
	"CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN"
	"  INSERT INTO cases_fts(cases_fts, rowid, title, content)"
	"  VALUES ('delete', old.id, old.title, old.content); END;"
	"CREATE TRIGGER cases_fts_au AFTER UPDATE OF title, content ON cases BEGIN"
	"  INSERT INTO cases_fts(cases_fts, rowid, title, content)"
	"  VALUES ('delete', old.id, old.title, old.content);"
	"  INSERT INTO cases_fts(rowid, title, content)"
	"  VALUES (new.id, new.title, new.content); END;",

	/* 3: supervision (督办) records, the scheduler's bookkeeping, warnings
	 * and the notification outbox. Dates are day numbers. */
	"CREATE TABLE supervisions ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  trigger TEXT NOT NULL,"
	"  system INTEGER NOT NULL,"		/* 1: raised by the scan */
	"  raised_by INTEGER,"			/* user; NULL = the system */
	"  by_unit_id INTEGER,"			/* the supervising unit */
	"  raised_on INTEGER NOT NULL,"
	"  form TEXT NOT NULL CHECK (form IN ('online','phone','letter',"
	"    'interview','onsite')),"
	"  target_unit_id INTEGER NOT NULL,"
	"  missed INTEGER,"			/* the due date missed */
	"  problem TEXT NOT NULL,"
	"  suggestions TEXT NOT NULL DEFAULT '',"
	"  reply_due INTEGER,"
	"  reply TEXT,"
	"  replied_on INTEGER,"
	"  replied_by INTEGER,"
	"  result TEXT,"
	"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open',"
	"    'replied','closed')),"
	"  cured INTEGER NOT NULL DEFAULT 0,"	/* closed by the scan: cause gone */
	"  closed_on INTEGER,"
	"  closed_by INTEGER,"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  archived_on INTEGER,"
	"  created_at TEXT NOT NULL);"
	/* Raised once per case and trigger by the system; people may raise
	 * as many as they need. */
	"CREATE UNIQUE INDEX supervisions_system ON supervisions(case_id, trigger)"
	"  WHERE system = 1;"
	"CREATE INDEX supervisions_case ON supervisions(case_id, id);"
	"CREATE INDEX supervisions_target ON supervisions(target_unit_id, state);"
	"CREATE INDEX supervisions_open ON supervisions(trigger)"
	"  WHERE state <> 'closed' AND system = 1;"
	"CREATE TABLE jobs_runs ("
	"  day INTEGER PRIMARY KEY,"
	"  started_at TEXT NOT NULL,"
	"  finished_at TEXT NOT NULL,"
	"  lapsed INTEGER NOT NULL DEFAULT 0,"
	"  raised INTEGER NOT NULL DEFAULT 0,"
	"  cured INTEGER NOT NULL DEFAULT 0,"
	"  warned INTEGER NOT NULL DEFAULT 0);"
	/* Watermarks of the scan: what it has already looked at. */
	"CREATE TABLE scan_state ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL) WITHOUT ROWID;"
	/* Dates a rule waits for that no deadline row carries (交办 report,
	 * answer to a 不满意), so the scan finds them through an index. */
	"CREATE TABLE sv_watch ("
	"  case_id INTEGER NOT NULL,"
	"  trigger TEXT NOT NULL,"
	"  due INTEGER NOT NULL,"
	"  PRIMARY KEY (case_id, trigger)) WITHOUT ROWID;"
	"CREATE INDEX sv_watch_due ON sv_watch(due);"
	/* 预警: days ahead per unit (default 3 working days). */
	"CREATE TABLE warn_settings ("
	"  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
	"  days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 15));"
	"CREATE TABLE warned ("
	"  case_id INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  on_day INTEGER NOT NULL,"
	"  PRIMARY KEY (case_id, seq)) WITHOUT ROWID;"
	/* The outbox. Staff messages go to one user or to the users of a unit
	 * holding some roles (audience), and are shown in the UI; petitioner
	 * messages (sms, email) are handed to the configured command and
	 * retried with back-off until it accepts them. Never deleted. */
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  channel TEXT NOT NULL CHECK (channel IN ('staff','sms','email')),"
	"  user_id INTEGER,"
	"  unit_id INTEGER,"
	"  roles INTEGER NOT NULL DEFAULT 0,"
	"  address TEXT,"
	"  case_id INTEGER,"
	"  case_ids TEXT,"			/* a digest: JSON array */
	"  supervision_id INTEGER,"
	"  kind TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  dedup TEXT UNIQUE,"
	"  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued',"
	"    'sent','shown')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL DEFAULT 0,"	/* unix seconds */
	"  last_error TEXT,"
	"  sent_at TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX outbox_user ON outbox(user_id, id) WHERE user_id IS NOT NULL;"
	"CREATE INDEX outbox_unit ON outbox(unit_id, id) WHERE unit_id IS NOT NULL;"
	"CREATE INDEX outbox_queue ON outbox(next_attempt) WHERE state = 'queued';"
	"CREATE TABLE outbox_reads ("
	"  user_id INTEGER NOT NULL,"
	"  message_id INTEGER NOT NULL,"
	"  at TEXT NOT NULL,"
	"  PRIMARY KEY (user_id, message_id)) WITHOUT ROWID;"
	/* The province's queue reads open flagged cases through this. */
	"CREATE INDEX cases_queue ON cases(received_on)"
	"  WHERE flags & 391 <> 0 AND closed_on IS NULL;",

	/* 4: leadership duties (SPEC §6, 第四至六条), assessment weights
	 * (§9, 第十二、十三条) and the accountability register (第十四至十九条).
	 * Dates are day numbers; times of day are RFC 3339 text. */
	"CREATE TABLE instructions ("		/* 领导批示 */
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  leader_id INTEGER NOT NULL REFERENCES users(id),"
	"  unit_id INTEGER NOT NULL,"		/* the leader's authority */
	"  text TEXT NOT NULL,"
	"  must_act_unit_id INTEGER,"
	"  due INTEGER,"
	"  given_on INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX instructions_case ON instructions(case_id, id);"
	"CREATE TABLE case_takers ("		/* 包案 */
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  leader_id INTEGER NOT NULL REFERENCES users(id),"
	"  unit_id INTEGER NOT NULL,"
	"  taken_on INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  released_on INTEGER,"
	"  created_at TEXT NOT NULL);"
	"CREATE UNIQUE INDEX case_takers_open ON case_takers(case_id, leader_id)"
	"  WHERE released_on IS NULL;"
	"CREATE INDEX case_takers_unit ON case_takers(unit_id, id);"
	"CREATE TABLE receptions ("		/* 领导接访日 */
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  leader_id INTEGER NOT NULL REFERENCES users(id),"
	"  day INTEGER NOT NULL,"
	"  place TEXT NOT NULL DEFAULT '',"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX receptions_unit ON receptions(unit_id, day);"
	"CREATE TABLE reception_cases ("
	"  reception_id INTEGER NOT NULL REFERENCES receptions(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  PRIMARY KEY (reception_id, case_id)) WITHOUT ROWID;"
	"CREATE TABLE onsite_responses ("	/* 集体访 现场处置 */
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  leader_id INTEGER NOT NULL REFERENCES users(id),"
	"  unit_id INTEGER NOT NULL,"
	"  visit_arrived_at TEXT NOT NULL,"
	"  leader_arrived_at TEXT NOT NULL,"
	"  minutes INTEGER NOT NULL,"
	"  note TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX onsite_case ON onsite_responses(case_id, id);"
	"CREATE TABLE briefings ("		/* 专题汇报, 每半年至少一次 */
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  year INTEGER NOT NULL,"
	"  half INTEGER NOT NULL CHECK (half IN (1, 2)),"
	"  held_on INTEGER NOT NULL,"
	"  chair TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX briefings_unit ON briefings(unit_id, year, half);"
	"CREATE TABLE risk_assessments ("	/* 社会稳定风险评估 */
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  decision TEXT NOT NULL,"
	"  decided_on INTEGER,"
	"  assessed_on INTEGER,"		/* NULL: decided without one */
	"  risk_level TEXT CHECK (risk_level IN ('low','medium','high')),"
	"  office_opinion TEXT,"
	"  consultation TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX risk_unit ON risk_assessments(unit_id, id);"
	"CREATE TABLE risk_cases ("
	"  risk_id INTEGER NOT NULL REFERENCES risk_assessments(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  PRIMARY KEY (risk_id, case_id)) WITHOUT ROWID;"
	"CREATE TABLE screenings ("		/* 矛盾纠纷排查 */
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('periodic','concentrated')),"
	"  held_on INTEGER NOT NULL,"
	"  scope TEXT NOT NULL,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX screenings_unit ON screenings(unit_id, held_on);"
	"CREATE TABLE screening_issues ("
	"  id INTEGER PRIMARY KEY,"
	"  screening_id INTEGER NOT NULL REFERENCES screenings(id),"
	"  description TEXT NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  owner_user_id INTEGER,"
	"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open',"
	"    'resolving','resolved')),"
	"  due INTEGER,"
	"  resolved_on INTEGER,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX screening_issues_s ON screening_issues(screening_id, id);"
	"CREATE TABLE lead_groups ("		/* 信访工作领导小组 (第六条) */
	"  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
	"  head TEXT NOT NULL,"			/* 组长: the principal */
	"  office_unit_id INTEGER,"		/* 信访工作部门 */
	"  established_on INTEGER,"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE lead_members ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"
	"  user_id INTEGER,"
	"  name TEXT NOT NULL,"
	"  post TEXT NOT NULL,"
	"  duty TEXT NOT NULL CHECK (duty IN ('first','direct','dual','member')),"
	"  area TEXT NOT NULL DEFAULT '',"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX lead_members_unit ON lead_members(unit_id, id);"
	/* Assessment weights (第十二条: the standard is the authority's own,
	 * so it is data); a missing row means the built-in default. */
	"CREATE TABLE assess_weights ("
	"  indicator TEXT PRIMARY KEY,"
	"  weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 100),"
	"  updated_by INTEGER,"
	"  updated_at TEXT NOT NULL) WITHOUT ROWID;"
	/* Covering indexes so the year's assessment of every unit is a few
	 * range scans grouped by unit, never a loop over cases. */
	/* Unit first: the queries walk the units table and seek each unit's
	 * range, so GROUP BY unit streams without a sort (measured: 0.8 s
	 * instead of 1.6 s for 1.5M deadlines in a year). */
	"CREATE INDEX deadlines_assess ON deadlines(unit_id, kind, due, state,"
	"  met_on);"
	"CREATE INDEX cases_assess_first ON cases(first_unit_id, received_on,"
	"  registered_on);"
	"CREATE INDEX cases_assess_owner ON cases(unit_id, received_on, flags);"
	"CREATE INDEX cases_backlog ON cases(closed_on, received_on, unit_id,"
	"  status);"
	"CREATE INDEX evaluations_assess ON evaluations(unit_id, rated_on,"
	"  rating);"
	"CREATE INDEX supervisions_raised ON supervisions(raised_on,"
	"  target_unit_id, state);"
	/* Accountability (第十四至十九条). */
	"CREATE TABLE findings ("
	"  id INTEGER PRIMARY KEY,"
	"  unit_id INTEGER NOT NULL REFERENCES units(id),"	/* found at fault */
	"  situation INTEGER NOT NULL CHECK (situation BETWEEN 1 AND 10),"
	"  facts TEXT NOT NULL,"
	"  found_on INTEGER NOT NULL,"
	"  by_unit_id INTEGER NOT NULL,"
	"  by_user INTEGER NOT NULL,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX findings_unit ON findings(unit_id, id);"
	"CREATE TABLE finding_cases ("
	"  finding_id INTEGER NOT NULL REFERENCES findings(id),"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  PRIMARY KEY (finding_id, case_id)) WITHOUT ROWID;"
	"CREATE TABLE finding_supervisions ("
	"  finding_id INTEGER NOT NULL REFERENCES findings(id),"
	"  supervision_id INTEGER NOT NULL REFERENCES supervisions(id),"
	"  PRIMARY KEY (finding_id, supervision_id)) WITHOUT ROWID;"
	"CREATE TABLE responsibilities ("
	"  id INTEGER PRIMARY KEY,"
	"  finding_id INTEGER NOT NULL REFERENCES findings(id),"
	"  user_id INTEGER,"
	"  name TEXT NOT NULL,"
	"  unit_id INTEGER NOT NULL,"		/* the person's unit */
	"  scope TEXT NOT NULL CHECK (scope IN ('collective','individual')),"
	"  position TEXT NOT NULL,"
	"  responsibility TEXT NOT NULL,"	/* computed: none when objected */
	"  objected INTEGER NOT NULL DEFAULT 0,"
	"  objection TEXT,"
	"  objected_on INTEGER,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX responsibilities_f ON responsibilities(finding_id, id);"
	"CREATE TABLE measures ("
	"  id INTEGER PRIMARY KEY,"
	"  finding_id INTEGER NOT NULL REFERENCES findings(id),"
	"  target TEXT NOT NULL CHECK (target IN ('unit','person')),"
	"  unit_id INTEGER NOT NULL,"		/* the unit, or the person's unit */
	"  responsibility_id INTEGER REFERENCES responsibilities(id),"
	"  rung TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '',"
	"  decided_on INTEGER NOT NULL,"
	"  year INTEGER NOT NULL,"
	"  by_unit_id INTEGER NOT NULL,"
	"  by_user INTEGER NOT NULL,"
	"  rectify_due INTEGER,"
	"  rectified_on INTEGER,"
	"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open',"
	"    'rectified','escalated')),"
	"  honours_unit_id INTEGER,"		/* 诫勉: ineligible that year */
	"  previous_id INTEGER REFERENCES measures(id),"
	"  personnel_notified_on INTEGER,"	/* 第十九条 */
	"  dossier_filed_on INTEGER,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX measures_finding ON measures(finding_id, id);"
	"CREATE INDEX measures_due ON measures(rectify_due) WHERE state = 'open';"
	"CREATE INDEX measures_honours ON measures(year, honours_unit_id)"
	"  WHERE honours_unit_id IS NOT NULL;"
	"CREATE TABLE measure_proposals ("
	"  id INTEGER PRIMARY KEY,"
	"  measure_id INTEGER NOT NULL UNIQUE REFERENCES measures(id),"
	"  rung TEXT NOT NULL,"
	"  proposed_on INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed',"
	"    'applied','dismissed')),"
	"  decided_on INTEGER,"
	"  decided_by INTEGER,"
	"  note TEXT,"
	"  applied_measure_id INTEGER REFERENCES measures(id),"
	"  created_at TEXT NOT NULL);",

	/* 5: attachments (materials) of a case, and co-department opinions. */
	"CREATE TABLE attachments ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  name TEXT NOT NULL,"
	"  mime TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  data BLOB NOT NULL,"
	"  by_petitioner INTEGER NOT NULL DEFAULT 0,"
	"  uploaded_by INTEGER,"
	"  at TEXT NOT NULL);"
	"CREATE INDEX attachments_case ON attachments(case_id, id);"
	/* Fetching a case checks scope by case id; repeat detection loads
	 * the fingerprints by category without touching the rows. */
	"CREATE INDEX case_units_case ON case_units(case_id, unit_id);"
	"CREATE INDEX cases_category_simhash ON cases(category, id, simhash);"
	"DROP INDEX cases_category;",

	/* 6: lists filtered by status (to-do lists, statistics). */
	"CREATE INDEX cases_status ON cases(status, id);",

	/* 7: new cases enter the search index once per group commit, just
	 * before the COMMIT (sqlite.c), instead of by a trigger per row: FTS5
	 * writes a new segment at every savepoint, and each registration in
	 * a group is one, so the trigger made a segment per case and the
	 * merges that follow. fts_state.last is the highest case id indexed;
	 * everything up to now was indexed by the trigger. Updates and
	 * deletes of title and content (rare) keep their triggers. (Since
	 * then batched further: xf_store_fts_catch_up in sqlite.c.) */
	"CREATE TABLE fts_state ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  last INTEGER NOT NULL);"
	"INSERT INTO fts_state VALUES (1, (SELECT coalesce(max(id), 0)"
	"  FROM cases));"
	"DROP TRIGGER cases_fts_ai;",

	/* 8: cases(first_unit_id, category) served repeat detection by first
	 * unit, long gone; the assessment's (first_unit_id, received_on, …)
	 * serves every lookup by first unit. One index leaf less to write per
	 * registration. */
	"DROP INDEX cases_first;",

	/* 9: repeat detection's fingerprint became a one-bit MinHash (text.h
	 * says why), kept in a narrow table of its own that the in-memory
	 * index reads whole at the first registration, and computed here
	 * for every earlier case (xf_fingerprint, sqlite.c: one pass over
	 * the rows, ~40 bytes written per case). cases.simhash is left
	 * unused: clearing it would rewrite every row. */
	"CREATE TABLE case_fp ("
	"  id INTEGER PRIMARY KEY,"
	"  category TEXT NOT NULL,"
	"  fp INTEGER NOT NULL,"		/* first word */
	"  fp2 INTEGER NOT NULL);"		/* second word */
	"INSERT INTO case_fp (id, category, fp, fp2)"
	"  SELECT id, category, xf_fingerprint(content, 0),"
	"  xf_fingerprint(content, 1) FROM cases ORDER BY id;",

	/* 10: the search index merges its segments eight at a time, not four
	 * (FTS5's default). Each merge rewrites what it merges, so a case's
	 * postings were written once per level, ~6 times over a province's
	 * million cases; with 8, ~4 times. The catch-up (sqlite.c) holds the
	 * writer lock while FTS5 merges: on 1M cases, 30 s of registrations,
	 * it took 44 ms per 256 cases with 4, 30 ms with 8 (883 → 981
	 * registrations/s, p99 112 → 90 ms). A search reads a few more
	 * segments: on the copy after such a run, 2 characters 6.0 ms with 4
	 * against 7.5–11.9 ms with 8, 4 characters 23 against 21–22 ms.
	 * crisismerge stays 16, so a level never waits for 8 more. */
	"INSERT INTO cases_fts(cases_fts, rank) VALUES ('automerge', 8);",

	/* 11: each issuing unit keeps the 发文机关代字 of its first document
	 * for good. It was derived from the whole unit tree at every issue,
	 * so adding a unit with the same short name changed older units'
	 * 代字 mid-year and gave the new one a 代字 already used that year
	 * (its every registration failed on the receipt's number). Units
	 * that have issued keep the 代字 of their latest document. */
	"CREATE TABLE doc_prefixes ("
	"  unit_id INTEGER PRIMARY KEY REFERENCES units(id),"
	"  prefix TEXT NOT NULL UNIQUE);"
	"INSERT OR IGNORE INTO doc_prefixes (unit_id, prefix)"
	"  SELECT unit_id, substr(number, 1, instr(number, '〔') - 1)"
	"  FROM documents WHERE id IN (SELECT max(id) FROM documents"
	"  GROUP BY unit_id) AND instr(number, '〔') > 1 ORDER BY id DESC;",

	/* 12: accusations by the unit they accuse, so that a list or search
	 * asks in one probe whether its caller's unit is accused anywhere
	 * (it is kept from those: cases_api.c, accused_reader) and adds the
	 * exclusion only then; on every query it cost the index-only count
	 * of a search (2 characters: 15 → 230 ms on 1M cases). Partial:
	 * only accusations naming a unit are in it. */
	"CREATE INDEX cases_accused ON cases(respondent_unit_id)"
	"  WHERE flags & 8 <> 0 AND respondent_unit_id IS NOT NULL;",
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
