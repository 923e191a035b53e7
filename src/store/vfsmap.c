/* The shared-mapping VFS: vfsmap.h says why and what it relies on. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "vfsmap.h"

/* Address space reserved per file (not memory: pages are mapped as they
 * are touched, from the kernel's page cache): a database may grow this far
 * before its further pages are read with pread again. */
#define MAP_RESERVE	((size_t)64 << 30)

/* One mapping per database file (device and inode), counted by the open
 * files of this VFS that use it. The descriptor is this module's own, kept
 * open while the mapping is in use: closing it only when no connection of
 * this VFS has the file open means no SQLite lock of this process on it is
 * held any more (POSIX drops a process's locks on a file at any close). */
typedef struct map {
	struct map	*next;
	dev_t		 dev;
	ino_t		 ino;
	int		 fd;
	unsigned char	*base;
	atomic_llong	 size;		/* bytes SQLite may be handed */
	int		 refs;
} map;

/* A WAL file's writes, gathered: SQLite writes each frame as two writes
 * (its 24-byte header, then the page), so a commit of ~100 pages was ~200
 * pwrite calls under the writer lock. While a caller has switched it on
 * (xf_vfsmap_defer_sync, around one COMMIT), consecutive writes are kept
 * here and written out as one: before anything else touches the file (a
 * read, a write elsewhere, a truncation, its size, a file control,
 * closing), at xSync, and when switched off. SQLite calls xSync in every
 * commit of a connection at synchronous=FULL before it makes the commit
 * visible to readers (wal.c, sqlite3WalFrames: the sync precedes the
 * wal-index header); a commit at NORMAL makes none, so the caller must
 * switch gathering on only at FULL. Off, writes go straight through. */
#define WBUF_CAP	((size_t)1 << 20)
#define WCHUNK		((size_t)30 * 4096)	/* one write call, < 128 KB */

typedef struct {
	unsigned char	*p;		/* WBUF_CAP bytes, or NULL */
	size_t		 len;
	sqlite3_int64	 off;		/* where p[0] goes */
	int		 on;		/* gathering */
	int		 defer;		/* next xSync only writes out */
	int		 hdr;		/* the header written since a sync */
} wbuf;

typedef struct {
	sqlite3_file	 base;
	sqlite3_file	*real;		/* the default VFS's file */
	map		*m;		/* main database files only */
	wbuf		*w;		/* WAL files only */
} mfile;

static pthread_mutex_t maps_mx = PTHREAD_MUTEX_INITIALIZER;
static map *maps;
static sqlite3_vfs map_vfs;
static sqlite3_vfs *orig;		/* the default at registration */

#define REAL(f)	(((mfile *)(void *)(f))->real)
#define RM(f)	(REAL(f)->pMethods)

static long long
clamp(long long n)
{
	return n < 0 ? 0 : (size_t)n > MAP_RESERVE ? (long long)MAP_RESERVE : n;
}

static map *
map_get(const char *path)
{
	struct stat sb;
	map *m = NULL;
	int fd = -1;
	void *p;

	pthread_mutex_lock(&maps_mx);
	if (path == NULL || stat(path, &sb) != 0)
		goto done;
	for (m = maps; m != NULL; m = m->next)
		if (m->dev == sb.st_dev && m->ino == sb.st_ino) {
			m->refs++;
			goto done;
		}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) != 0)
		goto fail;
	p = mmap(NULL, MAP_RESERVE, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto fail;
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		munmap(p, MAP_RESERVE);
		goto fail;
	}
	m->dev = sb.st_dev;
	m->ino = sb.st_ino;
	m->fd = fd;
	m->base = p;
	atomic_init(&m->size, clamp((long long)sb.st_size));
	m->refs = 1;
	m->next = maps;
	maps = m;
	goto done;
fail:
	if (fd != -1)
		close(fd);
	m = NULL;
done:
	pthread_mutex_unlock(&maps_mx);
	return m;
}

static void
map_put(map *m)
{
	map **pp;

	if (m == NULL)
		return;
	pthread_mutex_lock(&maps_mx);
	if (--m->refs == 0) {
		for (pp = &maps; *pp != NULL; pp = &(*pp)->next)
			if (*pp == m) {
				*pp = m->next;
				break;
			}
		munmap(m->base, MAP_RESERVE);
		close(m->fd);
		free(m);
	}
	pthread_mutex_unlock(&maps_mx);
}

/* The file grew to at least n bytes (a write of this process). */
static void
map_grow(map *m, long long n)
{
	long long cur = atomic_load(&m->size);

	n = clamp(n);
	while (n > cur && !atomic_compare_exchange_weak(&m->size, &cur, n))
		;
}

/* ---- io methods: all but fetching go to the real file ------------------ */

/* Writes out what a WAL file gathered. A failed write is reported here,
 * to the call that needed it (at the latest the commit's xSync, which
 * then fails the commit), and what it held is dropped. */
static int
w_flush(mfile *mf)
{
	wbuf *w = mf->w;
	int rc = SQLITE_OK;

	if (w == NULL || w->len == 0)
		return SQLITE_OK;
	/* In pieces: the unix VFS writes at most 128 KB - 1 per call (it
	 * masks the length, os_unix.c seekAndWriteFd) and takes a call it
	 * cut short for a full disk. */
	for (size_t at = 0; at < w->len && rc == SQLITE_OK; at += WCHUNK) {
		size_t n = w->len - at < WCHUNK ? w->len - at : WCHUNK;

		rc = mf->real->pMethods->xWrite(mf->real, w->p + at, (int)n,
		    w->off + (sqlite3_int64)at);
	}
	w->len = 0;
	return rc;
}

static int
w_write(mfile *mf, const void *buf, int n, sqlite3_int64 off)
{
	wbuf *w = mf->w;
	int rc;

	if (off == 0)
		w->hdr = 1;
	if (!w->on)
		return mf->real->pMethods->xWrite(mf->real, buf, n, off);
	if (w->len > 0 && off == w->off + (sqlite3_int64)w->len &&
	    w->len + (size_t)n <= WBUF_CAP) {
		memcpy(w->p + w->len, buf, (size_t)n);
		w->len += (size_t)n;
		return SQLITE_OK;
	}
	if ((rc = w_flush(mf)) != SQLITE_OK)
		return rc;
	if (w->p == NULL)
		w->p = sqlite3_malloc((int)WBUF_CAP);
	if (w->p == NULL || (size_t)n > WBUF_CAP / 2)
		return mf->real->pMethods->xWrite(mf->real, buf, n, off);
	memcpy(w->p, buf, (size_t)n);
	w->len = (size_t)n;
	w->off = off;
	return SQLITE_OK;
}

static void
w_free(mfile *mf)
{
	if (mf->w == NULL)
		return;
	sqlite3_free(mf->w->p);
	sqlite3_free(mf->w);
	mf->w = NULL;
}

static int
m_close(sqlite3_file *f)
{
	mfile *mf = (mfile *)(void *)f;
	int frc = w_flush(mf);
	int rc = mf->real->pMethods ? mf->real->pMethods->xClose(mf->real) :
	    SQLITE_OK;

	if (rc == SQLITE_OK)
		rc = frc;
	w_free(mf);
	map_put(mf->m);
	mf->m = NULL;
	sqlite3_free(mf->real);
	mf->real = NULL;
	return rc;
}

static int
m_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	int rc = w_flush((mfile *)(void *)f);

	return rc != SQLITE_OK ? rc : RM(f)->xRead(REAL(f), buf, n, off);
}

static int
m_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	mfile *mf = (mfile *)(void *)f;
	int rc;

	if (mf->w != NULL)
		return w_write(mf, buf, n, off);
	rc = RM(f)->xWrite(REAL(f), buf, n, off);

	if (rc == SQLITE_OK && mf->m != NULL)
		map_grow(mf->m, off + n);
	return rc;
}

static int
m_truncate(sqlite3_file *f, sqlite3_int64 n)
{
	mfile *mf = (mfile *)(void *)f;
	int rc = w_flush(mf);

	if (rc != SQLITE_OK)
		return rc;
	/* Shrink what may be handed out before the file shrinks. */
	if (mf->m != NULL && n < atomic_load(&mf->m->size))
		atomic_store(&mf->m->size, clamp(n));
	return RM(f)->xTruncate(REAL(f), n);
}

static int
m_sync(sqlite3_file *f, int flags)
{
	mfile *mf = (mfile *)(void *)f;
	int rc = w_flush(mf);

	if (rc != SQLITE_OK)
		return rc;
	/* A restarted WAL's new header is synced before frames follow it
	 * (wal.c, syncHeader) whatever the caller deferred: only the
	 * commit's own sync is left to it. */
	if (mf->w != NULL && mf->w->defer && !mf->w->hdr) {
		mf->w->defer = 0;
		return SQLITE_OK;
	}
	if ((rc = RM(f)->xSync(REAL(f), flags)) == SQLITE_OK && mf->w != NULL)
		mf->w->hdr = 0;
	return rc;
}

static int
m_size(sqlite3_file *f, sqlite3_int64 *n)
{
	int rc = w_flush((mfile *)(void *)f);

	return rc != SQLITE_OK ? rc : RM(f)->xFileSize(REAL(f), n);
}

static int
m_lock(sqlite3_file *f, int l)
{
	return RM(f)->xLock(REAL(f), l);
}

static int
m_unlock(sqlite3_file *f, int l)
{
	return RM(f)->xUnlock(REAL(f), l);
}

static int
m_reserved(sqlite3_file *f, int *out)
{
	return RM(f)->xCheckReservedLock(REAL(f), out);
}

static int
m_control(sqlite3_file *f, int op, void *arg)
{
	int rc;

	/* The mapping is this VFS's: the real file must not map too. */
	if (op == SQLITE_FCNTL_MMAP_SIZE)
		return SQLITE_OK;
	if ((rc = w_flush((mfile *)(void *)f)) != SQLITE_OK)
		return rc;
	return RM(f)->xFileControl(REAL(f), op, arg);
}

static int
m_sector(sqlite3_file *f)
{
	return RM(f)->xSectorSize(REAL(f));
}

static int
m_devchar(sqlite3_file *f)
{
	return RM(f)->xDeviceCharacteristics(REAL(f));
}

static int
m_shmmap(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	if (RM(f)->iVersion < 2 || RM(f)->xShmMap == NULL)
		return SQLITE_IOERR_SHMMAP;
	return RM(f)->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int
m_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	if (RM(f)->iVersion < 2 || RM(f)->xShmLock == NULL)
		return SQLITE_IOERR_SHMLOCK;
	return RM(f)->xShmLock(REAL(f), off, n, flags);
}

static void
m_shmbarrier(sqlite3_file *f)
{
	if (RM(f)->iVersion >= 2 && RM(f)->xShmBarrier != NULL)
		RM(f)->xShmBarrier(REAL(f));
}

static int
m_shmunmap(sqlite3_file *f, int del)
{
	if (RM(f)->iVersion < 2 || RM(f)->xShmUnmap == NULL)
		return SQLITE_OK;
	return RM(f)->xShmUnmap(REAL(f), del);
}

/* A page of the shared mapping, or NULL (SQLite then reads it). */
static int
m_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	mfile *mf = (mfile *)(void *)f;
	map *m = mf->m;
	struct stat sb;

	*pp = NULL;
	if (m == NULL || off < 0 || n <= 0)
		return SQLITE_OK;
	if (off + n > atomic_load(&m->size)) {
		/* Grown by another process, or not at all. */
		if (fstat(m->fd, &sb) != 0)
			return SQLITE_OK;
		atomic_store(&m->size, clamp((long long)sb.st_size));
		if (off + n > atomic_load(&m->size))
			return SQLITE_OK;
	}
	*pp = m->base + off;
	return SQLITE_OK;
}

/* The mapping outlives every page handed out (it goes with the last file),
 * so there is nothing to release, and nothing to unmap when SQLite drops
 * its cache after another connection's commit. */
static int
m_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f;
	(void)off;
	(void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods map_io = {
	3, m_close, m_read, m_write, m_truncate, m_sync, m_size, m_lock,
	m_unlock, m_reserved, m_control, m_sector, m_devchar, m_shmmap,
	m_shmlock, m_shmbarrier, m_shmunmap, m_fetch, m_unfetch,
};

/* ---- the VFS ------------------------------------------------------------ */

/* The default VFS of the moment (a test may have put one over the
 * standard one since registration). */
static sqlite3_vfs *
under(void)
{
	sqlite3_vfs *v = sqlite3_vfs_find(NULL);

	return v == NULL || v == &map_vfs ? orig : v;
}

static int
v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
    int *out)
{
	sqlite3_vfs *u = under();
	mfile *mf = (mfile *)(void *)f;
	int rc;

	(void)vfs;
	memset(mf, 0, sizeof(*mf));
	if ((mf->real = sqlite3_malloc(u->szOsFile)) == NULL)
		return SQLITE_NOMEM;
	memset(mf->real, 0, (size_t)u->szOsFile);
	rc = u->xOpen(u, name, mf->real, flags, out);
	if (rc != SQLITE_OK) {
		if (mf->real->pMethods != NULL)
			mf->real->pMethods->xClose(mf->real);
		sqlite3_free(mf->real);
		mf->real = NULL;
		return rc;
	}
	if ((flags & SQLITE_OPEN_MAIN_DB) && name != NULL)
		mf->m = map_get(name);	/* NULL: SQLite reads as usual */
	if ((flags & SQLITE_OPEN_WAL) &&
	    (mf->w = sqlite3_malloc((int)sizeof(wbuf))) != NULL)
		memset(mf->w, 0, sizeof(wbuf));	/* NULL: writes go through */
	mf->base.pMethods = &map_io;
	return SQLITE_OK;
}

int
xf_vfsmap_defer_sync(sqlite3_file *f, int on)
{
	mfile *mf = (mfile *)(void *)f;
	int rc, left;

	if (f == NULL || f->pMethods != &map_io || mf->w == NULL)
		return -1;
	if (on) {
		mf->w->on = mf->w->defer = 1;
		return 0;
	}
	left = mf->w->len > 0;
	rc = w_flush(mf);
	mf->w->on = mf->w->defer = 0;
	return rc != SQLITE_OK ? -1 : left;
}

int
xf_vfsmap_sync(sqlite3_file *f, int flags)
{
	if (f == NULL || f->pMethods == NULL)
		return SQLITE_MISUSE;
	if (f->pMethods != &map_io)
		return f->pMethods->xSync(f, flags);
	return RM(f)->xSync(REAL(f), flags);
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	sqlite3_vfs *u = under();

	(void)vfs;
	return u->xDelete(u, name, sync);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	sqlite3_vfs *u = under();

	(void)vfs;
	return u->xAccess(u, name, flags, out);
}

static int
v_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	sqlite3_vfs *u = under();

	(void)vfs;
	return u->xFullPathname(u, name, n, out);
}

static int
v_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xRandomness(orig, n, out);
}

static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return orig->xSleep(orig, us);
}

static int
v_time(sqlite3_vfs *vfs, double *t)
{
	(void)vfs;
	return orig->xCurrentTime(orig, t);
}

static int
v_lasterr(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xGetLastError ? orig->xGetLastError(orig, n, out) : 0;
}

static int
v_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	(void)vfs;
	return orig->xCurrentTimeInt64(orig, t);
}

static void *
v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xDlOpen(orig, name);
}

static void
v_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	orig->xDlError(orig, n, out);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return orig->xDlSym(orig, h, sym);
}

static void
v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	orig->xDlClose(orig, h);
}

int
xf_vfsmap_register(void)
{
	static pthread_mutex_t mx = PTHREAD_MUTEX_INITIALIZER;
	int rc = 0;

	pthread_mutex_lock(&mx);
	if (orig != NULL)
		goto done;
	if ((orig = sqlite3_vfs_find(NULL)) == NULL || orig->iVersion < 2) {
		orig = NULL;
		rc = -1;
		goto done;
	}
	memset(&map_vfs, 0, sizeof(map_vfs));
	map_vfs.iVersion = 2;
	map_vfs.szOsFile = (int)sizeof(mfile);
	map_vfs.mxPathname = orig->mxPathname;
	map_vfs.zName = XF_VFSMAP_NAME;
	map_vfs.xOpen = v_open;
	map_vfs.xDelete = v_delete;
	map_vfs.xDlOpen = v_dlopen;
	map_vfs.xDlError = v_dlerror;
	map_vfs.xDlSym = v_dlsym;
	map_vfs.xDlClose = v_dlclose;
	map_vfs.xAccess = v_access;
	map_vfs.xFullPathname = v_fullpath;
	map_vfs.xRandomness = v_random;
	map_vfs.xSleep = v_sleep;
	map_vfs.xCurrentTime = v_time;
	map_vfs.xGetLastError = v_lasterr;
	map_vfs.xCurrentTimeInt64 = v_time64;
	if (sqlite3_vfs_register(&map_vfs, 0) != SQLITE_OK) {
		orig = NULL;
		rc = -1;
	}
done:
	pthread_mutex_unlock(&mx);
	return rc;
}
