/*
** This file implements content-addressed file storage with the fsync
** discipline described in files.h.
*/
#include "kernel/files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/err.h"
#include "kernel/log.h"

static char files_dir[4096], tmp_dir[4096];

static int make_dir(const char *path)
{
	if (mkdir(path, 0750) != 0 && errno != EEXIST) {
		log_error("files: cannot create %s: %s", path, strerror(errno));
		return ERR_INTERNAL;
	}
	return 0;
}

/* Removes uploads a killed server left behind: temporary files older than
** an hour (a younger one may belong to another server on the same data). */
static void clean_tmp(void)
{
	DIR *d = opendir(tmp_dir);
	if (!d)
		return;
	time_t limit = time(NULL) - 3600;
	struct dirent *de;
	int removed = 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "upload-", 7) != 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), de->d_name, &st, 0) == 0 && st.st_mtime < limit &&
		    unlinkat(dirfd(d), de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	if (removed)
		log_info("files: removed %d abandoned upload(s)", removed);
}

int files_init(const char *data_dir)
{
	snprintf(files_dir, sizeof files_dir, "%s/files", data_dir);
	snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", data_dir);
	if (make_dir(files_dir) != 0 || make_dir(tmp_dir) != 0)
		return ERR_INTERNAL;
	clean_tmp();
	return 0;
}

const char *files_tmp_dir(void)
{
	return tmp_dir;
}

const char *files_sniff(const unsigned char *h, size_t n)
{
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return "image/jpeg";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0)
		return "audio/wav";
	if (n >= 3 && (memcmp(h, "ID3", 3) == 0 || (h[0] == 0xFF && (h[1] & 0xE0) == 0xE0)))
		return "audio/mpeg";
	if (n >= 4 && memcmp(h, "OggS", 4) == 0)
		return "audio/ogg";
	if (n >= 12 && memcmp(h + 4, "ftyp", 4) == 0)
		return memcmp(h + 8, "M4A", 3) == 0 ? "audio/mp4" : "video/mp4";
	if (n >= 4 && h[0] == 0x1A && h[1] == 0x45 && h[2] == 0xDF && h[3] == 0xA3)
		return "video/webm";
	return NULL;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

char *files_path(struct arena *a, const char *sha_hex)
{
	return arena_printf(a, "%s/%.2s/%s", files_dir, sha_hex, sha_hex);
}

int files_keep(const struct upload *up, char sha_hex[65])
{
	str_hex(up->sha256, 32, sha_hex);
	char dir[4200], dest[4300];
	snprintf(dir, sizeof dir, "%s/%.2s", files_dir, sha_hex);
	snprintf(dest, sizeof dest, "%s/%s", dir, sha_hex);
	if (make_dir(dir) != 0)
		return ERR_INTERNAL;
	struct stat st;
	if (stat(dest, &st) == 0 && st.st_size == up->size)
		return 0; /* same content already stored (and synced then) */
	if (fsync_path(up->path, O_RDONLY) != 0 || rename(up->path, dest) != 0 ||
	    fsync_path(dir, O_RDONLY | O_DIRECTORY) != 0) {
		log_error("files: cannot store %s: %s", dest, strerror(errno));
		return ERR_INTERNAL;
	}
	return 0;
}
