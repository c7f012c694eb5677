/*
 * Copyright (c) 2026 The ipxlat-ovs authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* EAM table changes at scale: what loading, adding, removing, saving and
 * reopening cost with a big table, in memory and on disk.
 *
 *     bench-eamt [--entries N] [--dir DIR]
 *
 * N (default 1000000) /32 <-> /128 entries are written to a file in DIR
 * (default /tmp; put it on the disk the host uses), loaded, saved as a
 * store (snapshot), then 200 single entries are added and removed, each
 * change journaled (ipxlat_eamt_store_log(), which flushes it to disk),
 * and the store is reopened.  For comparison it also times what one
 * change cost before the journal: a copy of the table and a rewrite of
 * its snapshot.  Medians are printed; nothing is asserted. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ipxlat.h"

#define CHANGES 200

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare_u64(const void *a_, const void *b_)
{
    uint64_t a = *(const uint64_t *) a_, b = *(const uint64_t *) b_;

    return a < b ? -1 : a > b;
}

static double
median_us(uint64_t *ns, size_t n)
{
    qsort(ns, n, sizeof *ns, compare_u64);
    return ns[n / 2] / 1e3;
}

static void
check(char *error)
{
    if (error) {
        fprintf(stderr, "%s\n", error);
        exit(EXIT_FAILURE);
    }
}

/* Writes entry 'i' as text into 'buf': 10.0.0.0 + i <-> an IPv6 address
 * under one of 256 /64s. */
static void
entry(uint32_t i, char *buf, size_t size)
{
    uint32_t v4 = 0x0a000000 + i;

    snprintf(buf, size, "%u.%u.%u.%u 2001:db8:%x:%x::%x:%x", v4 >> 24,
             (v4 >> 16) & 255, (v4 >> 8) & 255, v4 & 255, i & 255, 64,
             i >> 16, i & 0xffff);
}

int
main(int argc, char *argv[])
{
    static uint64_t add_mem[CHANGES], add_disk[CHANGES];
    static uint64_t del_mem[CHANGES], del_disk[CHANGES];
    const char *dir = "/tmp";
    size_t n = 1000000;
    struct ipxlat_eamt_store *store;
    struct ipxlat_eamt *t, *copy;
    char file[256], store_dir[256], cmd[300];
    uint64_t start, load_ns, save_ns, reopen_ns, clone_ns;
    FILE *f;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--entries") && i + 1 < argc) {
            n = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--entries N] [--dir DIR]\n",
                    argv[0]);
            return EXIT_FAILURE;
        }
    }

    snprintf(file, sizeof file, "%s/bench-eamt-%d.txt", dir, (int) getpid());
    snprintf(store_dir, sizeof store_dir, "%s/bench-eamt-%d.d", dir,
             (int) getpid());
    f = fopen(file, "w");
    if (!f) {
        perror(file);
        return EXIT_FAILURE;
    }
    for (uint32_t i = 0; i < n; i++) {
        char e[80];

        entry(i, e, sizeof e);
        fprintf(f, "%s\n", e);
    }
    fclose(f);

    /* Load: parse the file and build the table. */
    t = ipxlat_eamt_create();
    start = now_ns();
    check(ipxlat_eamt_load(t, file));
    load_ns = now_ns() - start;
    unlink(file);

    /* Save it as a store (a snapshot, flushed). */
    start = now_ns();
    check(ipxlat_eamt_store_open(store_dir, "bench",
                                 ipxlat_eamt_create(), &store));
    check(ipxlat_eamt_store_rewrite(store, t));
    save_ns = now_ns() - start;

    /* Single changes: in memory, then journaled. */
    for (int k = 0; k < CHANGES; k++) {
        char e[80];
        const char *ep = e;

        entry(n + k, e, sizeof e);
        start = now_ns();
        check(ipxlat_eamt_add_many(t, &ep, 1));
        add_mem[k] = now_ns() - start;
        start = now_ns();
        check(ipxlat_eamt_store_log(store, t, true, &ep, 1));
        add_disk[k] = now_ns() - start;
    }
    for (int k = 0; k < CHANGES; k++) {
        char e[80];
        const char *ep = e;

        entry(k * 4099 % n, e, sizeof e);
        start = now_ns();
        check(ipxlat_eamt_remove_many(t, &ep, 1));
        del_mem[k] = now_ns() - start;
        start = now_ns();
        check(ipxlat_eamt_store_log(store, t, false, &ep, 1));
        del_disk[k] = now_ns() - start;
    }
    ipxlat_eamt_store_close(store);

    /* Reopen: snapshot plus journal. */
    start = now_ns();
    copy = ipxlat_eamt_create();
    check(ipxlat_eamt_store_open(store_dir, "bench", copy, &store));
    reopen_ns = now_ns() - start;
    if (ipxlat_eamt_count(copy) != ipxlat_eamt_count(t)) {
        fprintf(stderr, "reopened %zu entries, expected %zu\n",
                ipxlat_eamt_count(copy), ipxlat_eamt_count(t));
        return EXIT_FAILURE;
    }
    ipxlat_eamt_destroy(copy);

    /* What one change cost before: copy, then rewrite the snapshot. */
    start = now_ns();
    copy = ipxlat_eamt_clone(t);
    clone_ns = now_ns() - start;
    if (!copy) {
        fprintf(stderr, "could not copy the table\n");
        return EXIT_FAILURE;
    }
    start = now_ns();
    check(ipxlat_eamt_store_rewrite(store, copy));
    save_ns = now_ns() - start < save_ns ? now_ns() - start : save_ns;
    ipxlat_eamt_destroy(copy);
    ipxlat_eamt_store_close(store);

    printf("EAM table of %zu entries, %.1f MB (%.1f bytes per entry)\n",
           ipxlat_eamt_count(t), ipxlat_eamt_memory(t) / 1e6,
           (double) ipxlat_eamt_memory(t) / ipxlat_eamt_count(t));
    printf("load from a file:            %9.0f ms\n", load_ns / 1e6);
    printf("save as a snapshot (fsync):  %9.0f ms\n", save_ns / 1e6);
    printf("reopen (snapshot+journal):   %9.0f ms\n", reopen_ns / 1e6);
    printf("add one entry, in memory:    %9.2f us (median of %d)\n",
           median_us(add_mem, CHANGES), CHANGES);
    printf("add one entry, journaled:    %9.2f us (fdatasync)\n",
           median_us(add_disk, CHANGES));
    printf("remove one entry, in memory: %9.2f us\n",
           median_us(del_mem, CHANGES));
    printf("remove one entry, journaled: %9.2f us (fdatasync)\n",
           median_us(del_disk, CHANGES));
    printf("one change before (copy %0.f ms + snapshot %0.f ms): %0.f ms\n",
           clone_ns / 1e6, save_ns / 1e6, (clone_ns + save_ns) / 1e6);

    ipxlat_eamt_destroy(t);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", store_dir);
    return system(cmd) ? EXIT_FAILURE : EXIT_SUCCESS;
}
