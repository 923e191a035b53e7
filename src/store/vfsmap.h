/* vfsmap — a SQLite VFS over the default one whose database files are read
 * through one memory mapping per file, shared by every connection of the
 * process and kept for as long as any of them has the file open.
 *
 * Why: in WAL mode a connection drops its whole page cache whenever another
 * connection has committed since its last read (pager.c,
 * pagerBeginReadTransaction), and with SQLite's own mmap it also unmaps the
 * file then. Under a stream of registrations (a commit every few
 * milliseconds) or of confidential reads (each one logged), every request
 * of every pool thread read its B-trees' inner pages again with pread: 57 %
 * of a case fetch's preads were pages read before, and pread was a quarter
 * of its CPU. Here a page is read from the shared mapping; only a page
 * never touched by the process since the file was opened costs a fault.
 *
 * What SQLite asks of xFetch holds: a pointer is given only for a range
 * inside the file as last seen (its size tracked through this VFS's own
 * writes and truncations, and fstat when asked beyond it), so no access
 * goes past the end; a NULL pointer makes SQLite read the page itself.
 * Which pages a reader may take from the file rather than the WAL, and that
 * a checkpoint never rewrites one a reader may use, is SQLite's own WAL
 * logic, the same as with its mmap. The file must not be truncated by
 * another process while mapped (this program never shrinks its database:
 * no VACUUM, no auto-vacuum); an I/O error on a mapped page is a SIGBUS
 * rather than SQLITE_IOERR, as with SQLite's mmap. */
#ifndef XF_VFSMAP_H
#define XF_VFSMAP_H

#include <sqlite3.h>

#define XF_VFSMAP_NAME	"xf-map"

/* Registers the VFS (not as the default) once; 0, or -1 when SQLite
 * refused. Its files are opened by the default VFS of the moment. */
int	xf_vfsmap_register(void);

/* Switched on (around one COMMIT of a connection at synchronous=FULL),
 * WAL file f gathers its consecutive writes and writes them out as one
 * (vfsmap.c, wbuf), and its next xSync (the one SQLite makes inside COMMIT,
 * before the commit becomes visible) writes out and returns without
 * syncing: the caller syncs later with xf_vfsmap_sync. A sync after the
 * WAL's header was rewritten (a restart) still syncs. Switched off, what
 * is left is written out: 0, 1 if something was left (after a COMMIT that
 * succeeded, a sign its frames were visible before they were written), or
 * -1 if writing failed; -1 also if f is not a WAL file of this VFS (then
 * nothing changes). Never on at NORMAL: that COMMIT makes no sync, and
 * readers would see frames not yet written. */
int	xf_vfsmap_defer_sync(sqlite3_file *f, int on);
/* Syncs what was written to f without writing out what it gathered
 * meanwhile (a later commit's, in progress on another thread): safe to
 * call outside the lock that serialises f's writers. */
int	xf_vfsmap_sync(sqlite3_file *f, int flags);

#endif
