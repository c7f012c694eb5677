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

/* EAM table files that are not what they should be: ipxlat_eamt_load()
 * must neither hang (a FIFO with no writer), nor read without bound
 * (/dev/zero, a line without end, a huge file), nor repeat more than a
 * short, sanitized excerpt of a file that is not a table (/etc/shadow),
 * and must leave the table as it was. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipxlat.h"
#include "testlib.h"

/* Writes 'len' bytes of 'data' to DIR/NAME and returns its path. */
static const char *
write_file(const char *name, const void *data, size_t len)
{
    const char *p = test_dir_path(name);
    FILE *f = fopen(p, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* Loads 'file' into a table holding one entry and asserts that it fails
 * with exactly 'message' (with "%s" standing for the file name) and that
 * the table still holds just that entry. */
static void
load_fails(const char *file, const char *message)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char expected[512];
    char *error;

    assert_null(ipxlat_eamt_add_text(t, "203.0.113.1 2001:db8::1"));
    error = ipxlat_eamt_load(t, file);
    assert_non_null(error);
    snprintf(expected, sizeof expected, message, file);
    assert_string_equal(error, expected);
    free(error);
    assert_int_equal(ipxlat_eamt_count(t), 1);
    ipxlat_eamt_destroy(t);
}

/* Before: fopen() of a FIFO waited for a writer forever, and with it the
 * whole of ovs-vswitchd.  The alarm turns a hang into a failure. */
static void
fifo_without_writer_is_refused_at_once(void **state)
{
    const char *fifo = test_dir_path("fifo");

    (void) state;
    assert_int_equal(mkfifo(fifo, 0600), 0);
    alarm(10);
    load_fails(fifo, "%s: not a regular file");
    alarm(0);
}

/* Before: /dev/zero was read until memory ran out (a line without end). */
static void
devices_and_directories_are_refused(void **state)
{
    (void) state;
    load_fails("/dev/zero", "%s: not a regular file");
    load_fails("/dev/null", "%s: not a regular file");
    load_fails(test_dir(), "%s: not a regular file");
}

/* Before: a 300 MB line without a newline took 900 MB of memory.  Now
 * reading stops at the first line longer than IPXLAT_EAMT_LINE_MAX. */
static void
line_without_end_is_refused_at_the_limit(void **state)
{
    size_t len = 4 * 1024 * 1024;
    char *data = malloc(len);
    const char *file;

    (void) state;
    memset(data, '1', len);
    memcpy(data, "192.0.2.1 2001:db8::1\n", 22);
    file = write_file("long-line", data, len);
    free(data);
    load_fails(file, "%s:2: line longer than 1024 bytes");

    /* 1024 bytes are still a line (a long comment). */
    data = malloc(1024 + 23);
    memset(data, ' ', 1024);
    data[1000] = '#';
    memcpy(data + 1024, "\n192.0.2.1 2001:db8::1\n", 23);
    file = write_file("long-comment", data, 1024 + 23);
    free(data);
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *error = ipxlat_eamt_load(t, file);
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(t), 1);
    ipxlat_eamt_destroy(t);
}

/* A file bigger than IPXLAT_EAMT_FILE_MAX is refused before any of it is
 * read (a sparse file: it takes no disk space). */
static void
file_over_the_size_limit_is_refused_unread(void **state)
{
    const char *file = write_file("huge", "", 0);

    (void) state;
    assert_int_equal(truncate(file, (off_t) IPXLAT_EAMT_FILE_MAX + 1), 0);
    load_fails(file, "%s: too big (1073741825 bytes; at most 1073741824)");
    unlink(file);
}

/* Before: the error quoted the first line of the file whole, so that
 * "ipxlat/table-load T /etc/shadow" printed root's password hash.  Now at
 * most 16 bytes come back, and only printable ones. */
static void
file_that_is_not_a_table_is_quoted_only_in_part(void **state)
{
    static const char shadow[] =
        "root:$6$Ab3dE5fG$Hc8kQ2pL9mN4rT7vW1xY3zB6cD0eF5gH8iJ2kL4mN6oP8q"
        "R0sT2uV4wX6yZ8aB1cD3eF5gH7iJ9kL1mN3oP5:19000:0:99999:7:::\n"
        "daemon:*:19000:0:99999:7:::\n";
    static const char escapes[] = "\x1b[31mx\x07\"\\ 192.0.2.1 ::1\n";
    static const char long_token[] =   /* 60 characters of IPv6. */
        "192.0.2.1 2001:db8:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:"
        "0:0:1\n";

    (void) state;
    load_fails(write_file("shadow", shadow, sizeof shadow - 1),
               "%s:1: not an EAM entry (expected IPV4[/LEN] IPV6[/LEN]): "
               "\"root:$6$Ab3dE5fG...\"");
    load_fails(write_file("escapes", escapes, sizeof escapes - 1),
               "%s:1: not an EAM entry (expected IPV4[/LEN] IPV6[/LEN]): "
               "\"?[31mx??? 192.0....\"");
    /* A token too long to be a prefix. */
    load_fails(write_file("long-token", long_token, sizeof long_token - 1),
               "%s:1: not an EAM entry (expected IPV4[/LEN] IPV6[/LEN]): "
               "\"192.0.2.1 2001:d...\"");
    load_fails(write_file("three", "192.0.2.1 2001:db8::1 2001:db8::2\n",
                          34),
               "%s:1: not an EAM entry (expected IPV4[/LEN] IPV6[/LEN]): "
               "\"192.0.2.1 2001:d...\"");
}

static void
null_byte_is_refused(void **state)
{
    (void) state;
    load_fails(write_file("nul", "192.0.2.1 2001:db8::1\n19\0002", 26),
               "%s:2: a null byte: not a text file");
}

/* An empty file (or one of comments only) loads no entries: whether that
 * may empty a table is for the host to decide (ovs-vswitchd asks for
 * --allow-empty). */
static void
empty_file_loads_nothing(void **state)
{
    struct ipxlat_eamt *t = ipxlat_eamt_create();
    char *error;

    (void) state;
    error = ipxlat_eamt_load(t, write_file("empty", "", 0));
    assert_null(error);
    error = ipxlat_eamt_load(t, write_file("comments", "# none\n\n", 8));
    assert_null(error);
    assert_int_equal(ipxlat_eamt_count(t), 0);
    ipxlat_eamt_destroy(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fifo_without_writer_is_refused_at_once),
        cmocka_unit_test(devices_and_directories_are_refused),
        cmocka_unit_test(line_without_end_is_refused_at_the_limit),
        cmocka_unit_test(file_over_the_size_limit_is_refused_unread),
        cmocka_unit_test(file_that_is_not_a_table_is_quoted_only_in_part),
        cmocka_unit_test(null_byte_is_refused),
        cmocka_unit_test(empty_file_loads_nothing),
    };

    return cmocka_run_group_tests(tests, test_dir_setup,
                                  test_dir_teardown);
}
