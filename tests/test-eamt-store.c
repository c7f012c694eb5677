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

/* Tables kept on disk (lib/eamt-store.c): a change appends a line, the
 * table comes back whole after a reopen, a torn or stale file part is
 * dropped, and after kill -9 at a random moment the store holds the table
 * as it was before or after the change under way, never part of one. */

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipxlat-eamt.h"
#include "testlib.h"

/* Returns the entries of 't' as text (malloc'd), sorted. */
static char *
dump(const struct ipxlat_eamt *t)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);

    assert_non_null(f);
    assert_int_equal(ipxlat_eamt_save(t, f), 0);
    fclose(f);
    return buf;
}

static off_t
file_size(const char *name)
{
    struct stat st;

    return stat(name, &st) ? -1 : st.st_size;
}

/* Opens store 'name' into a new table, failing the test on error. */
static struct ipxlat_eamt_store *
open_store(const char *name, struct ipxlat_eamt **tp)
{
    struct ipxlat_eamt_store *s;
    char *error;

    *tp = ipxlat_eamt_create();
    error = ipxlat_eamt_store_open(test_dir(), name, *tp, &s);
    if (error) {
        fail_msg("%s", error);
    }
    return s;
}

/* Adds ('add') or removes 'entry' in 't' and logs it in 's'. */
static void
change(struct ipxlat_eamt_store *s, struct ipxlat_eamt *t, bool add,
       const char *entry)
{
    char *error = (add ? ipxlat_eamt_add_many(t, &entry, 1)
                   : ipxlat_eamt_remove_many(t, &entry, 1));

    if (!error) {
        error = ipxlat_eamt_store_log(s, t, add, &entry, 1);
    }
    if (error) {
        fail_msg("%s", error);
    }
}

/* Asserts that store 'name' opens to exactly 'expected' entries. */
static void
reopens_as(const char *name, const char *expected)
{
    struct ipxlat_eamt *t;
    struct ipxlat_eamt_store *s = open_store(name, &t);
    char *text = dump(t);

    assert_string_equal(text, expected);
    free(text);
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
}

static void
changes_are_journaled_and_come_back(void **state)
{
    struct ipxlat_eamt_store *s;
    struct ipxlat_eamt *t;
    const char *two[] = { "198.51.100.0/24 2001:db8:2::/120",
                          "192.0.2.128/26,2001:db8:dddd::/64" };
    char *error;

    (void) state;
    s = open_store("a", &t);
    assert_int_equal(ipxlat_eamt_count(t), 0);
    change(s, t, true, "192.0.2.1 2001:db8::1");
    error = ipxlat_eamt_add_many(t, two, 2);
    assert_null(error);
    error = ipxlat_eamt_store_log(s, t, true, two, 2);
    assert_null(error);
    change(s, t, false, "192.0.2.1,2001:db8::1");
    change(s, t, true, "10.0.0.0/8 2001:db8:aa00::/40");
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);

    reopens_as("a", "10.0.0.0/8 2001:db8:aa00::/40\n"
                    "192.0.2.128/26 2001:db8:dddd::/64\n"
                    "198.51.100.0/24 2001:db8:2::/120\n");

    /* The first change wrote a snapshot (there was no journal), the rest
     * went to the journal, one line each, in canonical form. */
    FILE *f = fopen(test_dir_path("a.eam.log"), "r");
    char lines[4][200];

    assert_non_null(f);
    for (int i = 0; i < 4; i++) {
        assert_non_null(fgets(lines[i], sizeof lines[i], f));
    }
    assert_null(fgets(lines[0], sizeof lines[0], f));
    fclose(f);
    assert_string_equal(lines[0], "# generation 1\n");
    assert_string_equal(lines[1] + 9, "+ 198.51.100.0/24,2001:db8:2::/120 "
                        "192.0.2.128/26,2001:db8:dddd::/64\n");
    assert_string_equal(lines[2] + 9, "- 192.0.2.1/32,2001:db8::1/128\n");
    assert_string_equal(lines[3] + 9, "+ 10.0.0.0/8,2001:db8:aa00::/40\n");
}

/* A change costs what it changes: with 20,000 entries, one more adds one
 * short line to the journal and leaves the snapshot alone. */
static void
one_change_appends_one_line(void **state)
{
    struct ipxlat_eamt_store *s;
    struct ipxlat_eamt *t;
    off_t snapshot, journal;
    char *error;

    (void) state;
    s = open_store("big", &t);
    for (int i = 0; i < 20000; i++) {
        char e[64];
        const char *ep = e;

        snprintf(e, sizeof e, "10.%d.%d.1 2001:db8:1:%x::1", i / 256, i % 256,
                 i);
        assert_null(ipxlat_eamt_add_many(t, &ep, 1));
    }
    error = ipxlat_eamt_store_rewrite(s, t);
    assert_null(error);
    snapshot = file_size(test_dir_path("big.eam"));
    journal = file_size(test_dir_path("big.eam.log"));
    assert_true(snapshot > 20000 * 20);

    change(s, t, true, "192.0.2.1 2001:db8::1");
    assert_int_equal(file_size(test_dir_path("big.eam")), snapshot);
    assert_int_equal(file_size(test_dir_path("big.eam.log")),
                     journal + strlen("00000000 + 192.0.2.1/32,"
                                      "2001:db8::1/128\n"));
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
}

/* A last line without its newline, or whose CRC is wrong, is a change that
 * never reached the disk whole: it is dropped, and cut off the file so
 * that the next change does not follow it. */
static void
torn_or_corrupt_last_change_is_dropped(void **state)
{
    const char *expected = "192.0.2.1/32 2001:db8::1/128\n";
    struct ipxlat_eamt_store *s;
    struct ipxlat_eamt *t;
    off_t whole;
    FILE *f;

    (void) state;
    s = open_store("torn", &t);
    change(s, t, true, "192.0.2.1 2001:db8::1");
    change(s, t, true, "192.0.2.2 2001:db8::2");
    change(s, t, false, "192.0.2.2 2001:db8::2");
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
    whole = file_size(test_dir_path("torn.eam.log"));

    f = fopen(test_dir_path("torn.eam.log"), "a");
    fputs("1234abcd + 192.0.2.3/32,2001:d", f);
    fclose(f);
    reopens_as("torn", expected);
    assert_int_equal(file_size(test_dir_path("torn.eam.log")), whole);

    f = fopen(test_dir_path("torn.eam.log"), "a");
    fputs("00000000 + 192.0.2.3/32,2001:db8::3/128\n", f);
    fclose(f);
    reopens_as("torn", expected);
    assert_int_equal(file_size(test_dir_path("torn.eam.log")), whole);

    /* And the store goes on. */
    s = open_store("torn", &t);
    change(s, t, true, "192.0.2.4 2001:db8::4");
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
    reopens_as("torn", "192.0.2.1/32 2001:db8::1/128\n"
                       "192.0.2.4/32 2001:db8::4/128\n");
}

/* A journal of an older generation than the snapshot (a crash between the
 * two renames of a snapshot) holds changes the snapshot already has: it
 * is ignored.  A stale NAME.eam.tmp is removed. */
static void
stale_journal_and_tmp_are_ignored(void **state)
{
    struct ipxlat_eamt_store *s;
    struct ipxlat_eamt *t;
    FILE *f;

    (void) state;
    s = open_store("stale", &t);
    change(s, t, true, "192.0.2.1 2001:db8::1");
    change(s, t, true, "192.0.2.2 2001:db8::2");
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);

    /* As if the snapshot of generation 2 had been renamed into place, but
     * not the new journal yet. */
    f = fopen(test_dir_path("stale.eam"), "w");
    fputs("# ipxlat EAM table, generation 2\n"
          "192.0.2.1/32 2001:db8::1/128\n"
          "192.0.2.2/32 2001:db8::2/128\n", f);
    fclose(f);
    f = fopen(test_dir_path("stale.eam.tmp"), "w");
    fputs("192.0.2.9/32 2001:db8::9/128\n", f);
    fclose(f);
    reopens_as("stale", "192.0.2.1/32 2001:db8::1/128\n"
                        "192.0.2.2/32 2001:db8::2/128\n");
    assert_int_equal(file_size(test_dir_path("stale.eam.tmp")), -1);

    /* A snapshot from before journals (no generation line) is generation
     * 0, and the first change starts a journal. */
    f = fopen(test_dir_path("old.eam"), "w");
    fputs("192.0.2.7 2001:db8::7\n", f);
    fclose(f);
    s = open_store("old", &t);
    change(s, t, true, "192.0.2.8 2001:db8::8");
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
    reopens_as("old", "192.0.2.7/32 2001:db8::7/128\n"
                      "192.0.2.8/32 2001:db8::8/128\n");
}

/* The journal is folded into a new snapshot once it is bigger than the
 * snapshot (here past 200 bytes), so it stays small. */
static void
long_journal_becomes_a_snapshot(void **state)
{
    struct ipxlat_eamt_store *s;
    struct ipxlat_eamt *t;
    char expected[4096] = "";

    (void) state;
    s = open_store("fold", &t);
    ipxl_eamt_store_set_compact_min(s, 200);
    for (int i = 1; i <= 40; i++) {
        char e[64];

        snprintf(e, sizeof e, "192.0.2.%d 2001:db8::%x", i, i);
        change(s, t, true, e);
        if (i % 3 == 0) {
            change(s, t, false, e);
        } else {
            snprintf(expected + strlen(expected),
                     sizeof expected - strlen(expected),
                     "192.0.2.%d/32 2001:db8::%x/128\n", i, i);
        }
        assert_true(file_size(test_dir_path("fold.eam.log"))
                    <= 200 + 2 * file_size(test_dir_path("fold.eam")) + 100);
    }
    ipxlat_eamt_store_close(s);
    ipxlat_eamt_destroy(t);
    reopens_as("fold", expected);
}

/* The entries of the change number 'k' of the crash test: two of them,
 * added; every fourth change removes those of change k - 2 instead. */
static bool
crash_change(int k, const char *entries[2], char bufs[2][64])
{
    int base = k % 4 == 3 ? k - 2 : k;

    for (int i = 0; i < 2; i++) {
        snprintf(bufs[i], 64, "10.%d.%d.%d 2001:db8:%x::%x", base / 200,
                 base % 200, i, base, i);
        entries[i] = bufs[i];
    }
    return k % 4 != 3;
}

/* Applies changes 0...n-1 to a new table and returns its dump. */
static char *
crash_expected(int n)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *text;

    for (int k = 0; k < n; k++) {
        const char *entries[2];
        char bufs[2][64];
        bool add = crash_change(k, entries, bufs);
        char *error = (add ? ipxlat_eamt_add_many(t, entries, 2)
                       : ipxlat_eamt_remove_many(t, entries, 2));

        assert_null(error);
    }
    text = dump(t);
    ipxlat_eamt_destroy(t);
    return text;
}

/* A child makes changes as fast as it can (with snapshots every 2 kB of
 * journal) and counts each one it finished in shared memory; it is
 * killed with SIGKILL after a random time, 30 times over the same store.
 * Each time the store must open as the table after the changes counted,
 * or after one more (the change under way had reached the disk). */
static void
kill_9_at_any_moment_leaves_old_or_new_table(void **state)
{
    volatile int *done = mmap(NULL, sizeof *done, PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    uint64_t seed = 1;
    int n_snapshots = 0;

    (void) state;
    assert_true(done != MAP_FAILED);
    *done = 0;
    for (int round = 0; round < 30; round++) {
        struct ipxlat_eamt *t;
        struct ipxlat_eamt_store *s;
        char *got, *before, *after;
        int status, n;
        pid_t pid;

        pid = fork();
        assert_true(pid >= 0);
        if (!pid) {
            s = open_store("crash", &t);
            ipxl_eamt_store_set_compact_min(s, 2048);
            for (int k = *done; ; k++) {
                const char *entries[2];
                char bufs[2][64];
                bool add = crash_change(k, entries, bufs);
                char *error = (add ? ipxlat_eamt_add_many(t, entries, 2)
                               : ipxlat_eamt_remove_many(t, entries, 2));

                if (!error) {
                    error = ipxlat_eamt_store_log(s, t, add, entries, 2);
                }
                if (error) {
                    fprintf(stderr, "%s\n", error);
                    _exit(1);
                }
                *done = k + 1;
            }
        }
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        usleep(2000 + (seed >> 33) % 40000);
        kill(pid, SIGKILL);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));

        n = *done;
        s = open_store("crash", &t);
        got = dump(t);
        before = crash_expected(n);
        after = crash_expected(n + 1);
        if (strcmp(got, before) && strcmp(got, after)) {
            fail_msg("round %d: after %d changes, the store holds neither "
                     "the table before change %d nor the one after", round,
                     n, n);
        }
        if (!strcmp(got, after) && strcmp(got, before)) {
            *done = n + 1;
        }
        n_snapshots += file_size(test_dir_path("crash.eam")) > 0;
        free(got);
        free(before);
        free(after);
        ipxlat_eamt_store_close(s);
        ipxlat_eamt_destroy(t);
    }
    printf("[ INFO     ] %d changes over 30 kills\n", *done);
    assert_true(*done > 30);
    assert_true(n_snapshots > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(changes_are_journaled_and_come_back),
        cmocka_unit_test(one_change_appends_one_line),
        cmocka_unit_test(torn_or_corrupt_last_change_is_dropped),
        cmocka_unit_test(stale_journal_and_tmp_are_ignored),
        cmocka_unit_test(long_journal_becomes_a_snapshot),
        cmocka_unit_test(kill_9_at_any_moment_leaves_old_or_new_table),
    };

    return cmocka_run_group_tests(tests, test_dir_setup,
                                  test_dir_teardown);
}
