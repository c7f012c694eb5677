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

/* The merged prefix view (RA preferred over DNS, lifetimes, withdrawal)
 * and the exact OpenFlow bundle text the daemon sends. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ovs.h"
#include "prefix-set.h"

static struct pref64
mk(const char *addr, uint8_t len, uint32_t lifetime)
{
    struct pref64 p;

    memset(&p, 0, sizeof p);
    inet_pton(AF_INET6, addr, &p.prefix);
    p.len = len;
    p.lifetime = lifetime;
    return p;
}

static const char *
winner(const struct pset *ps)
{
    static char buf[64];
    const struct pset_entry *w = pset_winner(ps);

    return w ? pref64_format(&w->p, buf, sizeof buf) : "none";
}

static void
test_ra_wins_by_default_dns_when_preferred(void **state)
{
    struct pref64 dns = mk("64:ff9b::", 96, 0);
    struct pref64 ra = mk("2001:db8:64::", 96, 1800);
    struct pset ps;

    pset_init(&ps, PSET_RA);
    pset_set_dns(&ps, &dns, 1, 300, "127.0.0.1", 0, 0);
    assert_string_equal(winner(&ps), "64:ff9b::/96");
    pset_update_ra(&ps, &ra, 1, "fe80::1", 0, 0);
    assert_string_equal(winner(&ps), "2001:db8:64::/96");
    ps.prefer = PSET_DNS;
    assert_string_equal(winner(&ps), "64:ff9b::/96");
}

static void
test_ra_lifetime_runs_out_and_withdrawal(void **state)
{
    struct pref64 ra = mk("2001:db8:64::", 96, 16);
    struct pref64 gone = mk("2001:db8:64::", 96, 0);
    struct pset ps;

    pset_init(&ps, PSET_RA);
    pset_update_ra(&ps, &ra, 1, "fe80::1", 1000, 0);
    assert_false(pset_expire(&ps, 16999, false));
    assert_int_equal(pset_next_expiry(&ps, false), 17000);
    assert_true(pset_expire(&ps, 17000, false));
    assert_string_equal(winner(&ps), "none");

    pset_update_ra(&ps, &ra, 1, "fe80::1", 0, 0);
    pset_update_ra(&ps, &gone, 1, "fe80::1", 1, 0);
    assert_int_equal(ps.n, 0);
}

static void
test_dns_answer_replaces_and_keeps_changed_time(void **state)
{
    struct pref64 a = mk("64:ff9b::", 96, 0), b = mk("2001:db8::", 32, 0);
    struct pset ps;

    pset_init(&ps, PSET_RA);
    pset_set_dns(&ps, &a, 1, 2, "s", 0, 100);
    pset_set_dns(&ps, &a, 1, 2, "s", 2000, 200);
    assert_int_equal(ps.e[0].changed, 100);
    assert_true(pset_expire(&ps, 4000, false) == true);
    pset_set_dns(&ps, &b, 1, 2, "s", 4000, 300);
    assert_string_equal(winner(&ps), "2001:db8::/32");
    assert_int_equal(ps.e[0].changed, 300);
    /* Kept while a query is outstanding. */
    assert_false(pset_expire(&ps, 7000, true));
}

static void
test_bundle_deletes_by_cookie_then_adds(void **state)
{
    char tmpl[] = "/tmp/pref64-tmpl-XXXXXX";
    int fd = mkstemp(tmpl);
    FILE *f = fdopen(fd, "w");
    struct ovs_driver d = { .cookie = 0x7066363464000000ULL };
    struct pref64 p = mk("64:ff9b::", 96, 0);
    char *text, *err;

    fputs("# comment\n\n"
          "priority=100,ip,in_port=1,"
          "actions=ipxlat(prefix={PREF64}),output:2\n"
          "  priority=100,ipv6,in_port=2,"
          "actions=ipxlat(prefix={PREF64},src4=192.0.0.1),output:1  \n",
          f);
    fclose(f);
    err = ovs_load_template(&d, tmpl);
    assert_null(err);
    text = ovs_bundle_text(&d, &p);
    assert_string_equal(text,
        "delete cookie=0x7066363464000000/0xffffffffffffffff\n"
        "add cookie=0x7066363464000000,priority=100,ip,in_port=1,"
        "actions=ipxlat(prefix=64:ff9b::/96),output:2\n"
        "add cookie=0x7066363464000000,priority=100,ipv6,in_port=2,"
        "actions=ipxlat(prefix=64:ff9b::/96,src4=192.0.0.1),output:1\n");
    free(text);
    text = ovs_bundle_text(&d, NULL);
    assert_string_equal(text,
        "delete cookie=0x7066363464000000/0xffffffffffffffff\n");
    free(text);
    d.keep_on_empty = true;
    assert_null(ovs_bundle_text(&d, NULL));
    ovs_free(&d);

    f = fopen(tmpl, "w");
    fputs("cookie=0x1,actions=drop\n", f);
    fclose(f);
    err = ovs_load_template(&d, tmpl);
    assert_non_null(err);
    free(err);
    ovs_free(&d);
    unlink(tmpl);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ra_wins_by_default_dns_when_preferred),
        cmocka_unit_test(test_ra_lifetime_runs_out_and_withdrawal),
        cmocka_unit_test(test_dns_answer_replaces_and_keeps_changed_time),
        cmocka_unit_test(test_bundle_deletes_by_cookie_then_adds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
