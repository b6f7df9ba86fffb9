/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared-memory mapping with guard pages, for the POSIX port. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "amp/errors.h"
#include "amp_posix.h"

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t round_pages(size_t n)
{
	size_t p = page_size();

	return (n + p - 1) / p * p;
}

/*
 * Reserve [guard | region | guard | mailbox | guard] as PROT_NONE, then map
 * the object's two parts over their slots. The object holds the region first,
 * then one page for the mailbox.
 */
static int map_with_guards(struct amp_posix_shm *shm, int fd, uint32_t size)
{
	size_t pg = page_size(), rlen = round_pages(size);
	size_t total = pg + rlen + pg + pg + pg;
	uint8_t *base, *region, *mbox;
	int flags = fd >= 0 ? MAP_SHARED | MAP_FIXED : MAP_SHARED | MAP_FIXED | MAP_ANONYMOUS;

	base = mmap(NULL, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return AMP_EIO;
	region = base + pg;
	mbox = region + rlen + pg;
	if (fd >= 0) {
		if (mmap(region, rlen, PROT_READ | PROT_WRITE, flags, fd, 0) == MAP_FAILED ||
		    mmap(mbox, pg, PROT_READ | PROT_WRITE, flags, fd, (off_t)rlen) == MAP_FAILED)
			goto fail;
	} else {
		/* One anonymous shared mapping would not survive being split: map two. */
		if (mmap(region, rlen, PROT_READ | PROT_WRITE, flags, -1, 0) == MAP_FAILED ||
		    mmap(mbox, pg, PROT_READ | PROT_WRITE, flags, -1, 0) == MAP_FAILED)
			goto fail;
	}
	shm->map_base = base;
	shm->map_len = total;
	shm->region = region;
	shm->size = size;
	shm->mbox = (struct amp_posix_mailbox *)(void *)mbox;
	return AMP_OK;
fail:
	munmap(base, total);
	return AMP_EIO;
}

const char *amp_posix_shm_name_problem(const char *name)
{
	size_t n;

	if (!name || name[0] != '/' || !name[1])
		return "is not '/' followed by a name";
	n = strnlen(name, AMP_POSIX_SHM_NAME_MAX + 1u);
	if (n > AMP_POSIX_SHM_NAME_MAX)
		return "is longer than 255 characters";
	if (memchr(name + 1, '/', n - 1u))
		return "has a '/' after the first character";
	if (!strcmp(name, "/.") || !strcmp(name, "/.."))
		return "names a directory";
	return NULL;
}

enum shm_mode {
	SHM_OPEN,   /* it must exist */
	SHM_CREATE, /* new, empty (power-up garbage follows from amp_posix_shm_scramble) */
	SHM_ATTACH, /* open it, or create it if it does not exist yet */
};

static int shm_open_common(struct amp_posix_shm *shm, const char *name, uint32_t size,
			   enum shm_mode mode)
{
	size_t len = round_pages(size) + page_size();
	int flags = O_RDWR, fd, err;
	struct stat st;

	if (!shm)
		return AMP_EINVAL;
	memset(shm, 0, sizeof(*shm));
	shm->fd = -1;
	if (amp_posix_shm_name_problem(name) || !size)
		return AMP_EINVAL;
	if (mode == SHM_CREATE)
		flags |= O_CREAT | O_TRUNC;
	else if (mode == SHM_ATTACH)
		flags |= O_CREAT;
	fd = shm_open(name, flags, 0600);
	if (fd < 0)
		return mode == SHM_OPEN ? AMP_ENOENT : AMP_EIO;
	/* A mapping past the object's end would fault: size it, or refuse a short one. */
	if (fstat(fd, &st) != 0 || ((size_t)st.st_size < len && mode == SHM_OPEN) ||
	    ((size_t)st.st_size < len && ftruncate(fd, (off_t)len) != 0)) {
		close(fd);
		return mode == SHM_OPEN ? AMP_ERANGE : AMP_EIO;
	}
	err = map_with_guards(shm, fd, size);
	if (err) {
		close(fd);
		return err;
	}
	shm->fd = fd;
	strcpy(shm->name, name);
	return AMP_OK;
}

int amp_posix_shm_create(struct amp_posix_shm *shm, const char *name, uint32_t size)
{
	return shm_open_common(shm, name, size, SHM_CREATE);
}

int amp_posix_shm_open(struct amp_posix_shm *shm, const char *name, uint32_t size)
{
	return shm_open_common(shm, name, size, SHM_OPEN);
}

int amp_posix_shm_attach(struct amp_posix_shm *shm, const char *name, uint32_t size)
{
	return shm_open_common(shm, name, size, SHM_ATTACH);
}

int amp_posix_shm_anon(struct amp_posix_shm *shm, uint32_t size)
{
	if (!shm)
		return AMP_EINVAL;
	memset(shm, 0, sizeof(*shm));
	shm->fd = -1;
	if (!size)
		return AMP_EINVAL;
	return map_with_guards(shm, -1, size);
}

void amp_posix_shm_close(struct amp_posix_shm *shm)
{
	/* Not mapped (zeroed, failed or closed): fd is no descriptor of ours, even if 0. */
	if (!shm || !shm->map_base)
		return;
	munmap(shm->map_base, shm->map_len);
	if (shm->fd >= 0)
		close(shm->fd);
	memset(shm, 0, sizeof(*shm));
	shm->fd = -1;
}

void amp_posix_shm_unlink(const char *name)
{
	if (name)
		shm_unlink(name);
}

void amp_posix_shm_scramble(struct amp_posix_shm *shm, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1u, i;

	if (!shm)
		return;
	for (i = 0; i < shm->size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		shm->region[i] = (uint8_t)x;
	}
}
