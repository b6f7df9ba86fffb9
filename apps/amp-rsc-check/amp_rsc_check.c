/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * amp-rsc-check <elf>...: does this firmware image carry a resource table a
 * Linux remoteproc master would accept? The ELF side follows what remoteproc
 * checks before it loads an image (rproc_elf_sanity_check,
 * rproc_elf_find_table): an ELF file, little-endian, with loadable segments,
 * one ".resource_table" section with contents, allocated and inside a
 * loadable segment so that it is in memory once the image is loaded. The
 * table itself goes through amp_rsc_validate(), which applies
 * rproc_handle_resources / rproc_handle_vdev's rules and ours (version 1,
 * offsets in bounds, reserved fields zero, one rpmsg vdev with the
 * name-service feature, two vrings of a power-of-two size and alignment).
 *
 * amp-rsc-check --trace <dump> --base <addr> <elf>: the same check, then the
 * text of the table's first trace entry (what Linux shows as
 * remoteproc<N>/trace0) read from a memory dump of the slave, <dump> being
 * the bytes from bus address <addr> on (a debugger's "dump memory").
 *
 * Exit status: 0 all images pass, 1 an image fails, 2 usage or I/O error.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amp/errors.h"
#include "amp/rsc.h"

#define SECTION ".resource_table"

enum result {
	RESULT_OK = 0,
	RESULT_FAIL = 1,
	RESULT_ERROR = 2,
};

struct image {
	const char *path;
	Elf *elf;
	GElf_Ehdr ehdr;
	Elf_Scn *scn;
	GElf_Shdr shdr;
};

static const char *prog = "amp-rsc-check";

/* --trace: the memory dump and the bus address of its first byte. */
static const char *dump_path;
static unsigned long long dump_base;

static enum result fail(const struct image *img, const char *why)
{
	printf("%s: %s: FAIL: %s\n", prog, img->path, why);
	return RESULT_FAIL;
}

static enum result check_header(struct image *img)
{
	if (elf_kind(img->elf) != ELF_K_ELF || !gelf_getehdr(img->elf, &img->ehdr))
		return fail(img, "not an ELF file");
	if (img->ehdr.e_ident[EI_CLASS] != ELFCLASS32 && img->ehdr.e_ident[EI_CLASS] != ELFCLASS64)
		return fail(img, "unknown ELF class");
	/* The table is read as little-endian words, as remoteproc on a little-endian host does. */
	if (img->ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(img, "not a little-endian image");
	if (img->ehdr.e_phnum == 0)
		return fail(img, "no loadable segments (not a linked image)");
	return RESULT_OK;
}

static enum result find_section(struct image *img)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	unsigned found = 0;

	if (elf_getshdrstrndx(img->elf, &shstrndx) != 0)
		return fail(img, "no section name table");
	while ((scn = elf_nextscn(img->elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return fail(img, "unreadable section header");
		name = elf_strptr(img->elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, SECTION) != 0)
			continue;
		if (found++ == 0) {
			img->scn = scn;
			img->shdr = sh;
		}
	}
	if (found == 0)
		return fail(img, "no " SECTION " section");
	if (found > 1)
		return fail(img, "more than one " SECTION " section");
	return RESULT_OK;
}

static int in_loadable_segment(const struct image *img)
{
	size_t i, n;

	if (elf_getphdrnum(img->elf, &n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(img->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (img->shdr.sh_addr >= ph.p_vaddr &&
		    img->shdr.sh_addr - ph.p_vaddr <= ph.p_filesz &&
		    img->shdr.sh_size <= ph.p_filesz - (img->shdr.sh_addr - ph.p_vaddr))
			return 1;
	}
	return 0;
}

static enum result check_section(const struct image *img)
{
	if (img->shdr.sh_type == SHT_NOBITS)
		return fail(img, SECTION " has no contents in the file (NOBITS)");
	if (img->shdr.sh_type != SHT_PROGBITS)
		return fail(img, SECTION " is not a PROGBITS section");
	if (!(img->shdr.sh_flags & SHF_ALLOC))
		return fail(img, SECTION " is not allocated: it would not be in memory");
	if (img->shdr.sh_size < sizeof(struct amp_rsc_hdr))
		return fail(img, SECTION " is smaller than a table header");
	if (!in_loadable_segment(img))
		return fail(img, SECTION " is not inside a loadable segment");
	return RESULT_OK;
}

static void print_ok(const struct image *img, const struct amp_rsc_info *info)
{
	unsigned i;

	printf("%s: %s: ok: " SECTION " at 0x%08llx, %llu bytes\n", prog, img->path,
	       (unsigned long long)img->shdr.sh_addr, (unsigned long long)img->shdr.sh_size);
	printf(
	    "  vdev at offset %u: id 7 (rpmsg), dfeatures 0x%08x (name service), status 0x%02x\n",
	    info->vdev_off, info->dfeatures, info->status);
	for (i = 0; i < 2; i++)
		printf("  vring%u: da 0x%08x align %u num %u notifyid %u\n", i, info->vring[i].da,
		       info->vring[i].align, info->vring[i].num, info->vring[i].notifyid);
}

/* Print the trace buffer the table names, from the dump: up to its first NUL, as Linux does. */
static enum result print_trace(const struct image *img, const struct amp_rsc_info *info)
{
	FILE *f;
	long size;
	unsigned long long off = (unsigned long long)info->trace_da - dump_base;
	char *text;
	size_t n;

	if (!info->traces)
		return fail(img, "no trace entry in " SECTION);
	f = fopen(dump_path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0) {
		fprintf(stderr, "%s: %s: cannot read\n", prog, dump_path);
		if (f)
			fclose(f);
		return RESULT_ERROR;
	}
	if (info->trace_da < dump_base || off > (unsigned long long)size ||
	    info->trace_len > (unsigned long long)size - off) {
		fclose(f);
		return fail(img, "the trace buffer is not inside the dump");
	}
	text = calloc(1, (size_t)info->trace_len + 1u);
	n = text && !fseek(f, (long)off, SEEK_SET) ? fread(text, 1, info->trace_len, f) : 0;
	fclose(f);
	if (!text || n != info->trace_len) {
		free(text);
		fprintf(stderr, "%s: %s: cannot read\n", prog, dump_path);
		return RESULT_ERROR;
	}
	printf("  trace0: %u bytes at 0x%08x\n%s", info->trace_len, info->trace_da, text);
	if (text[0] && text[strlen(text) - 1u] != '\n')
		printf("\n");
	free(text);
	return RESULT_OK;
}

static enum result check_table(const struct image *img)
{
	Elf_Data *data = elf_rawdata(img->scn, NULL);
	struct amp_rsc_info info;
	const char *why = "rejected";

	if (!data || !data->d_buf || data->d_size != img->shdr.sh_size)
		return fail(img, SECTION " contents cannot be read (file truncated?)");
	if (amp_rsc_validate(data->d_buf, data->d_size, &info, &why) != AMP_OK)
		return fail(img, why);
	print_ok(img, &info);
	if (info.traces)
		printf("  trace: da 0x%08x len %u\n", info.trace_da, info.trace_len);
	return dump_path ? print_trace(img, &info) : RESULT_OK;
}

static enum result check_file(const char *path)
{
	struct image img = {.path = path};
	enum result r;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "%s: %s: cannot open\n", prog, path);
		return RESULT_ERROR;
	}
	img.elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!img.elf) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, elf_errmsg(-1));
		close(fd);
		return RESULT_ERROR;
	}
	r = check_header(&img);
	if (r == RESULT_OK)
		r = find_section(&img);
	if (r == RESULT_OK)
		r = check_section(&img);
	if (r == RESULT_OK)
		r = check_table(&img);
	elf_end(img.elf);
	close(fd);
	return r;
}

/* --help: on standard output, status 0 (help2man makes the man page from it). */
static int usage(FILE *f, int rc)
{
	fprintf(f,
		"usage: %s <firmware.elf>...\n"
		"       %s --trace <memory-dump> --base <bus-address> <firmware.elf>\n",
		prog, prog);
	return rc;
}

/* --trace DUMP --base ADDR: returns the index of the first image, or -1. */
static int parse_trace_options(int argc, char **argv)
{
	char *end;

	if (argc < 6 || strcmp(argv[1], "--trace") || strcmp(argv[3], "--base") || !argv[2][0])
		return -1;
	dump_base = strtoull(argv[4], &end, 0);
	if (!argv[4][0] || *end || dump_base > 0xFFFFFFFFull) {
		fprintf(stderr, "%s: --base: not a 32-bit address: %s\n", prog, argv[4]);
		return -1;
	}
	dump_path = argv[2];
	return argc == 6 ? 5 : -1;
}

int main(int argc, char **argv)
{
	enum result worst = RESULT_OK;
	int i, first = 1;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage(stdout, 0);
	if (argc < 2)
		return usage(stderr, RESULT_ERROR);
	if (!strncmp(argv[1], "--", 2)) {
		first = parse_trace_options(argc, argv);
		if (first < 0)
			return usage(stderr, RESULT_ERROR);
	}
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fprintf(stderr, "%s: libelf: %s\n", prog, elf_errmsg(-1));
		return RESULT_ERROR;
	}
	for (i = first; i < argc; i++) {
		enum result r = check_file(argv[i]);

		if (r > worst)
			worst = r;
	}
	return (int)worst;
}
