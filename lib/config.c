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


/* The config grammar (ipxlat-config.h): parsing into 'struct ipxlat_config',
 * formatting back to canonical text, and freeing.
 *
 * The parser works on a private copy of the text, cut into items at the
 * commas that are not inside parentheses.  Every error message is
 * malloc'd and starts with the offending token (an over-long token is cut
 * short with "..."), then says what is wrong with it.  Parsing is linear in
 * the length of the text and touches nothing outside it, whatever it
 * holds. */

#include "ipxlat-config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipxlat-eamt.h"
#include "ipxlat.h"
#include "ipxlat-prefix.h"
#include "ipxlat-util.h"
#include "ipxlat-xlat.h"

/* Longest token quoted in full in an error message. */
#define CONFIG_QUOTE_MAX 200

/* Bounds of the numeric keys. */
#define CONFIG_MIN_MTU4 68          /* RFC 791: every host takes 68. */
#define CONFIG_MIN_MTU6 IPV6_MIN_MTU
#define CONFIG_MAX_MTU 65535
#define CONFIG_MAX_ICMP_RATE 1000000
#define CONFIG_MAX_ICMP_BURST 1000000
#define CONFIG_MAX_REASM_DATAGRAMS (1u << 20)
#define CONFIG_MIN_REASM_BYTES 4096
#define CONFIG_MAX_REASM_BYTES (1u << 30)
#define CONFIG_MAX_REASM_TIMEOUT 60 /* Seconds: RFC 8200 section 4.5. */
#define CONFIG_MIN_REASM_MAX_SIZE 576   /* RFC 791: every host takes 576. */
#define CONFIG_MAX_BOUNCE_TABLE 254 /* OpenFlow tables are 0 to 254. */

/* Longest table name. */
#define CONFIG_TABLE_NAME_MAX 64

/* Returns a malloc'd "TOKEN: WHY" error message, with 'token' cut short at
 * CONFIG_QUOTE_MAX bytes. */
static char * __attribute__((format(printf, 2, 3)))
config_error(const char *token, const char *why_fmt, ...)
{
    size_t len = strlen(token);
    va_list args;
    char *why, *msg;

    va_start(args, why_fmt);
    why = ipxl_xvasprintf(why_fmt, args);
    va_end(args);

    msg = ipxl_xasprintf("%.*s%s: %s", CONFIG_QUOTE_MAX, token,
                         len > CONFIG_QUOTE_MAX ? "..." : "", why);
    free(why);
    return msg;
}

/* Returns a malloc'd copy of message 'error' with "KEY=" in front, then
 * frees 'error'.  Used for the messages of ipxlat-prefix.h, which start
 * with the value they could not read. */
static char *
prefix_key(const char *key, char *error)
{
    char *msg = ipxl_xasprintf("%s=%s", key, error);

    free(error);
    return msg;
}

/* Strips blanks from both ends of 's' in place and returns its new
 * start. */
static char *
trim(char *s)
{
    size_t n;

    while (ipxl_isspace(*s)) {
        s++;
    }
    n = strlen(s);
    while (n && ipxl_isspace(s[n - 1])) {
        s[--n] = '\0';
    }
    return s;
}

/* Parses decimal 'value' of key 'token' ("KEY=VALUE", for messages) into
 * '*out', which must lie in [min, max]. */
static char *
parse_uint(const char *token, const char *value, uint64_t min, uint64_t max,
           uint64_t *out)
{
    uint64_t n = 0;
    const char *p;

    if (!*value || value[strspn(value, "0123456789")]) {
        return config_error(token, "not a decimal number");
    }
    for (p = value; *p; p++) {
        /* Saturate just past 'max': the exact size of a bigger number does
         * not matter. */
        n = n * 10 + (uint64_t) (*p - '0');
        if (n > max) {
            n = max + 1;
            break;
        }
    }
    if (n < min || n > max) {
        return config_error(token, "must be between %llu and %llu",
                            (unsigned long long) min,
                            (unsigned long long) max);
    }
    *out = n;
    return NULL;
}

/* Parses an MTU value into '*mtu'. */
static char *
parse_mtu(const char *token, const char *value, unsigned int min,
          uint16_t *mtu)
{
    uint64_t n;
    char *error = parse_uint(token, value, min, CONFIG_MAX_MTU, &n);

    if (!error) {
        *mtu = n;
    }
    return error;
}

/* prefix=IPV6/LEN. */
static char *
parse_prefix(struct ipxlat_config *cfg, const char *token, const char *value)
{
    char *error = ipxl_prefix6_parse(value, false, &cfg->prefix);

    if (error) {
        return prefix_key("prefix", error);
    }
    /* RFC 6052 section 2.2: "PL" is 32, 40, 48, 56, 64 or 96. */
    if (!ipxl_rfc6052_len_valid(cfg->prefix.len)) {
        return config_error(token, "RFC 6052 prefix length must be 32, 40, "
                            "48, 56, 64 or 96");
    }
    /* RFC 6052 section 2.2: bits 64 to 71 of the address (the u-octet)
     * MUST be zero, and with a /96 prefix the administrator must make sure
     * of it.  For the shorter lengths they lie past the prefix, where
     * ipxl_prefix6_parse() already rejected set bits; for /96 they are part of
     * the prefix and checked here (Jool refuses them too). */
    if (cfg->prefix.addr.s6_addr[8]) {
        return config_error(token, "RFC 6052 section 2.2: bits 64 to 71 "
                            "(the u-octet) must be zero");
    }
    cfg->has_prefix = true;
    return NULL;
}

/* table=NAME. */
static char *
parse_table(struct ipxlat_config *cfg, const char *token, const char *value)
{
    if (!ipxlat_table_name_valid(value)) {
        return config_error(token, "%s", ipxlat_table_name_rule());
    }
    cfg->table_name = ipxl_xstrdup(value);
    return NULL;
}

/* pool6791v4=IPV4[/LEN]. */
static char *
parse_pool6791v4(struct ipxlat_config *cfg, const char *token,
                 const char *value)
{
    char *error = ipxl_prefix4_parse(value, true, &cfg->pool6791v4);

    if (error) {
        return prefix_key("pool6791v4", error);
    }
    cfg->has_pool6791v4 = true;
    return NULL;
}

/* pool6791v6=IPV6[/LEN]. */
static char *
parse_pool6791v6(struct ipxlat_config *cfg, const char *token,
                 const char *value)
{
    char *error = ipxl_prefix6_parse(value, true, &cfg->pool6791v6);

    if (error) {
        return prefix_key("pool6791v6", error);
    }
    cfg->has_pool6791v6 = true;
    return NULL;
}

/* src4=IPV4. */
static char *
parse_src4(struct ipxlat_config *cfg, const char *token, const char *value)
{
    char *error = ipxl_addr4_parse(value, &cfg->src4);

    return error ? prefix_key("src4", error) : NULL;
}

/* src6=IPV6. */
static char *
parse_src6(struct ipxlat_config *cfg, const char *token, const char *value)
{
    char *error = ipxl_addr6_parse(value, &cfg->src6);

    if (error) {
        return prefix_key("src6", error);
    }
    cfg->has_src6 = true;
    return NULL;
}

/* mtu4=N. */
static char *
parse_mtu4(struct ipxlat_config *cfg, const char *token, const char *value)
{
    cfg->has_mtu4 = true;
    return parse_mtu(token, value, CONFIG_MIN_MTU4, &cfg->mtu4);
}

/* mtu6=N. */
static char *
parse_mtu6(struct ipxlat_config *cfg, const char *token, const char *value)
{
    cfg->has_mtu6 = true;
    return parse_mtu(token, value, CONFIG_MIN_MTU6, &cfg->mtu6);
}

/* lowest_ipv6_mtu=N. */
static char *
parse_lowest_ipv6_mtu(struct ipxlat_config *cfg, const char *token,
                      const char *value)
{
    return parse_mtu(token, value, CONFIG_MIN_MTU6, &cfg->lowest_ipv6_mtu);
}

/* amend_udp_zero_csum (a flag). */
static char *
parse_amend_udp_zero_csum(struct ipxlat_config *cfg, const char *token,
                          const char *value)
{
    cfg->amend_udp_zero_csum = true;
    return NULL;
}

/* allow_wkp_non_global (a flag). */
static char *
parse_allow_wkp_non_global(struct ipxlat_config *cfg, const char *token,
                           const char *value)
{
    cfg->allow_wkp_non_global = true;
    return NULL;
}

/* hairpin=off|simple|intrinsic. */
static char *
parse_hairpin(struct ipxlat_config *cfg, const char *token,
              const char *value)
{
    if (!strcmp(value, "off")) {
        cfg->hairpin_mode = IPXLAT_HAIRPIN_MODE_OFF;
    } else if (!strcmp(value, "simple")) {
        cfg->hairpin_mode = IPXLAT_HAIRPIN_MODE_SIMPLE;
    } else if (!strcmp(value, "intrinsic")) {
        cfg->hairpin_mode = IPXLAT_HAIRPIN_MODE_INTRINSIC;
    } else {
        return config_error(token, "expected off, simple or intrinsic");
    }
    return NULL;
}

/* icmp_rate=N. */
static char *
parse_icmp_rate(struct ipxlat_config *cfg, const char *token,
                const char *value)
{
    return parse_uint(token, value, 0, CONFIG_MAX_ICMP_RATE, &cfg->rl->rate);
}

/* icmp_burst=N. */
static char *
parse_icmp_burst(struct ipxlat_config *cfg, const char *token,
                 const char *value)
{
    return parse_uint(token, value, 1, CONFIG_MAX_ICMP_BURST,
                      &cfg->rl->burst);
}

/* icmp_pmtu_rate=N. */
static char *
parse_icmp_pmtu_rate(struct ipxlat_config *cfg, const char *token,
                     const char *value)
{
    return parse_uint(token, value, 0, CONFIG_MAX_ICMP_RATE,
                      &cfg->rl[IPXLAT_BUDGET_PMTU].rate);
}

/* icmp_pmtu_burst=N. */
static char *
parse_icmp_pmtu_burst(struct ipxlat_config *cfg, const char *token,
                      const char *value)
{
    return parse_uint(token, value, 1, CONFIG_MAX_ICMP_BURST,
                      &cfg->rl[IPXLAT_BUDGET_PMTU].burst);
}

/* Parses decimal 'value' of key 'token' into '*out', times 'scale',
 * as parse_uint() does. */
static char *
parse_u32(const char *token, const char *value, uint32_t min, uint32_t max,
          uint32_t scale, uint32_t *out)
{
    uint64_t n;
    char *error = parse_uint(token, value, min, max, &n);

    if (!error) {
        *out = n * scale;
    }
    return error;
}

/* bounce_table=N: for the host, which may send the packets that the
 * translator bounces (its ICMP errors, hairpinned packets) there instead of
 * back out of their ingress port.  The engine itself does not use it. */
static char *
parse_bounce_table(struct ipxlat_config *cfg, const char *token,
                   const char *value)
{
    uint64_t n;
    char *error = parse_uint(token, value, 0, CONFIG_MAX_BOUNCE_TABLE, &n);

    if (!error) {
        cfg->bounce_table = (int) n;
    }
    return error;
}

/* reasm_datagrams=N (0: reassembly off). */
static char *
parse_reasm_datagrams(struct ipxlat_config *cfg, const char *token,
                      const char *value)
{
    return parse_u32(token, value, 0, CONFIG_MAX_REASM_DATAGRAMS, 1,
                     &cfg->reasm.max_datagrams);
}

/* reasm_bytes=N. */
static char *
parse_reasm_bytes(struct ipxlat_config *cfg, const char *token,
                  const char *value)
{
    return parse_u32(token, value, CONFIG_MIN_REASM_BYTES,
                     CONFIG_MAX_REASM_BYTES, 1, &cfg->reasm.max_bytes);
}

/* reasm_timeout=S, in seconds. */
static char *
parse_reasm_timeout(struct ipxlat_config *cfg, const char *token,
                    const char *value)
{
    return parse_u32(token, value, 1, CONFIG_MAX_REASM_TIMEOUT, 1000,
                     &cfg->reasm.timeout_ms);
}

/* reasm_max_size=N. */
static char *
parse_reasm_max_size(struct ipxlat_config *cfg, const char *token,
                     const char *value)
{
    return parse_u32(token, value, CONFIG_MIN_REASM_MAX_SIZE, UINT16_MAX, 1,
                     &cfg->reasm.max_size);
}

/* How a key takes its argument. */
enum config_arg {
    ARG_VALUE,                  /* KEY=VALUE. */
    ARG_FLAG,                   /* KEY alone. */
    ARG_PARENS,                 /* KEY(...): eam only. */
};

/* One key of the grammar. */
struct config_key {
    const char *name;           /* The key as written. */
    enum config_arg arg;        /* How it takes its argument. */
    const char *syntax;         /* The item's form, for messages. */

    /* Parses 'value' (NULL for a flag) into 'cfg'; 'token' is the item as
     * "KEY=VALUE" for messages.  Returns NULL or a malloc'd message.
     * NULL for eam, which has its own parser. */
    char *(*parse)(struct ipxlat_config *cfg, const char *token,
                   const char *value);
};

/* Every key, in canonical order. */
static const struct config_key config_keys[] = {
    { "prefix", ARG_VALUE, "prefix=IPV6/LEN", parse_prefix },
    { "eam", ARG_PARENS, "eam(IPV4[/LEN],IPV6[/LEN])", NULL },
    { "table", ARG_VALUE, "table=NAME", parse_table },
    { "pool6791v4", ARG_VALUE, "pool6791v4=IPV4[/LEN]", parse_pool6791v4 },
    { "pool6791v6", ARG_VALUE, "pool6791v6=IPV6[/LEN]", parse_pool6791v6 },
    { "src4", ARG_VALUE, "src4=IPV4", parse_src4 },
    { "src6", ARG_VALUE, "src6=IPV6", parse_src6 },
    { "mtu4", ARG_VALUE, "mtu4=N", parse_mtu4 },
    { "mtu6", ARG_VALUE, "mtu6=N", parse_mtu6 },
    { "lowest_ipv6_mtu", ARG_VALUE, "lowest_ipv6_mtu=N",
      parse_lowest_ipv6_mtu },
    { "amend_udp_zero_csum", ARG_FLAG, "amend_udp_zero_csum",
      parse_amend_udp_zero_csum },
    { "allow_wkp_non_global", ARG_FLAG, "allow_wkp_non_global",
      parse_allow_wkp_non_global },
    { "hairpin", ARG_VALUE, "hairpin=off|simple|intrinsic", parse_hairpin },
    { "icmp_rate", ARG_VALUE, "icmp_rate=N", parse_icmp_rate },
    { "icmp_burst", ARG_VALUE, "icmp_burst=N", parse_icmp_burst },
    { "icmp_pmtu_rate", ARG_VALUE, "icmp_pmtu_rate=N", parse_icmp_pmtu_rate },
    { "icmp_pmtu_burst", ARG_VALUE, "icmp_pmtu_burst=N",
      parse_icmp_pmtu_burst },
    { "reasm_datagrams", ARG_VALUE, "reasm_datagrams=N",
      parse_reasm_datagrams },
    { "reasm_bytes", ARG_VALUE, "reasm_bytes=N", parse_reasm_bytes },
    { "reasm_timeout", ARG_VALUE, "reasm_timeout=S", parse_reasm_timeout },
    { "reasm_max_size", ARG_VALUE, "reasm_max_size=N",
      parse_reasm_max_size },
    { "bounce_table", ARG_VALUE, "bounce_table=N", parse_bounce_table },
};
#define N_CONFIG_KEYS (sizeof config_keys / sizeof config_keys[0])

/* Returns the error for unknown key 'token', listing the known ones. */
static char *
unknown_key(const char *token)
{
    char list[512];
    size_t n = 0;

    for (size_t i = 0; i < N_CONFIG_KEYS; i++) {
        const char *sep = (i == 0 ? ""
                           : i == N_CONFIG_KEYS - 1 ? " or " : ", ");

        n += snprintf(list + n, sizeof list - n, "%s%s", sep,
                      config_keys[i].name);
        if (n >= sizeof list) {
            n = sizeof list - 1;
        }
    }
    return config_error(token, "unknown key (expected %s)", list);
}

/* Parses the inside of "eam(...)": 'item' is the whole item (for
 * messages), 'open' points at its '('. */
static char *
parse_eam(struct ipxlat_config *cfg, const char *item, char *open)
{
    /* The caller's scan balanced the parentheses, so a ')' follows. */
    char *close = strchr(open, ')');
    struct ipxlat_prefix4 p4;
    struct ipxlat_prefix6 p6;
    char *comma, *v4, *v6, *error;

    if (!close) {
        return config_error(item, "missing ')'");
    }
    if (*trim(close + 1)) {
        return config_error(item, "unexpected text after ')'");
    }
    comma = memchr(open + 1, ',', close - open - 1);
    if (!comma || memchr(comma + 1, ',', close - comma - 1)) {
        return config_error(item, "expected eam(IPV4[/LEN],IPV6[/LEN])");
    }
    *comma = '\0';
    *close = '\0';
    v4 = trim(open + 1);
    v6 = trim(comma + 1);

    error = ipxl_eamt_parse_entry(v4, v6, &p4, &p6, CONFIG_QUOTE_MAX);
    if (error) {
        return error;
    }

    if (!cfg->eamt) {
        cfg->eamt = ipxlat_eamt_create();
    }
    /* Messages about the entry as a whole (RFC 7757 section 3.2: the IPv6
     * suffix must have room for the IPv4 one) come from the table,
     * already naming it. */
    return ipxl_eamt_add_prefixes(cfg->eamt, &p4, &p6, NULL, NULL);
}

/* Parses one item (blanks trimmed, not empty) into 'cfg'.  'seen' has a
 * bit for each key already given. */
static char *
parse_item(struct ipxlat_config *cfg, char *item, uint32_t *seen)
{
    size_t key_len = strspn(item, "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789_");
    const struct config_key *key = NULL;
    char *p = item + key_len;
    char *value = NULL;
    char *token, *error;
    size_t i;
    char c;

    while (ipxl_isspace(*p)) {
        p++;
    }
    c = *p;
    if (c == '(') {
        if (key_len == 3 && !strncmp(item, "eam", 3)) {
            return parse_eam(cfg, item, p);
        }
        return config_error(item, "only eam takes parentheses");
    } else if (c == '=') {
        value = trim(p + 1);
    } else if (c != '\0') {
        return config_error(item, "expected KEY=VALUE, a flag or "
                            "eam(IPV4[/LEN],IPV6[/LEN])");
    }
    if (!key_len) {
        return config_error(item, "missing key");
    }
    item[key_len] = '\0';

    for (i = 0; i < N_CONFIG_KEYS; i++) {
        if (!strcmp(item, config_keys[i].name)) {
            key = &config_keys[i];
            break;
        }
    }

    token = value ? ipxl_xasprintf("%s=%s", item, value) : ipxl_xstrdup(item);
    if (!key) {
        error = unknown_key(token);
    } else if (key->arg == ARG_PARENS || (key->arg == ARG_VALUE
                                          && (!value || !*value))) {
        error = config_error(token, "expected %s", key->syntax);
    } else if (key->arg == ARG_FLAG && value) {
        error = config_error(token, "takes no value");
    } else if (*seen & (UINT32_C(1) << i)) {
        error = config_error(key->name, "given twice");
    } else {
        *seen |= UINT32_C(1) << i;
        error = key->parse(cfg, token, value);
    }
    free(token);
    return error;
}

/* Returns a new config with every default set. */
static struct ipxlat_config *
config_create(void)
{
    struct ipxlat_config *cfg = ipxl_xzalloc(sizeof *cfg);

    cfg->src4 = htonl(IPXLAT_DEFAULT_SRC4);
    cfg->mtu4 = IPXLAT_DEFAULT_MTU;
    cfg->mtu6 = IPXLAT_DEFAULT_MTU;
    cfg->lowest_ipv6_mtu = IPXLAT_DEFAULT_LOWEST_IPV6_MTU;
    cfg->hairpin_mode = IPXLAT_HAIRPIN_MODE_INTRINSIC;
    cfg->bounce_table = -1;

    cfg->rl = ipxl_xzalloc(IPXLAT_N_BUDGETS * sizeof *cfg->rl);
    for (size_t i = 0; i < IPXLAT_N_BUDGETS; i++) {
        atomic_init(&cfg->rl[i].last_ms, 0);
        atomic_init(&cfg->rl[i].tokens, 0);
    }
    cfg->rl[IPXLAT_BUDGET_ERRORS].rate = IPXLAT_DEFAULT_ICMP_RATE;
    cfg->rl[IPXLAT_BUDGET_ERRORS].burst = IPXLAT_DEFAULT_ICMP_BURST;
    cfg->rl[IPXLAT_BUDGET_PMTU].rate = IPXLAT_DEFAULT_ICMP_PMTU_RATE;
    cfg->rl[IPXLAT_BUDGET_PMTU].burst = IPXLAT_DEFAULT_ICMP_PMTU_BURST;

    cfg->reasm.max_datagrams = IPXLAT_DEFAULT_REASM_DATAGRAMS;
    cfg->reasm.max_bytes = IPXLAT_DEFAULT_REASM_BYTES;
    cfg->reasm.timeout_ms = IPXLAT_DEFAULT_REASM_TIMEOUT_MS;
    cfg->reasm.max_size = IPXLAT_DEFAULT_REASM_MAX_SIZE;
    return cfg;
}

/* Parses config text 's' (the grammar in ipxlat-config.h).  On success
 * stores a new config in '*cfgp' (free it with ipxlat_config_free()) and
 * returns NULL; on failure stores NULL and returns a malloc'd message that
 * quotes the bad token and says what is wrong. */
char *
ipxlat_config_parse(const char *s, struct ipxlat_config **cfgp)
{
    struct ipxlat_config *cfg = config_create();
    char *copy = ipxl_xstrdup(s ? s : "");
    char *prev = NULL;
    char *error = NULL;
    uint32_t seen = 0;
    char *p = trim(copy);

    while (*p && !error) {
        char *start = p;
        size_t depth = 0;
        bool last;
        char *item;

        /* The item runs to the next comma outside parentheses. */
        for (; *p && (depth || *p != ','); p++) {
            if (*p == '(') {
                depth++;
            } else if (*p == ')' && depth) {
                depth--;
            }
        }
        last = !*p;
        *p = '\0';
        item = trim(start);

        if (depth) {
            error = config_error(item, "missing ')'");
        } else if (!*item) {
            error = (prev
                     ? ipxl_xasprintf("empty item after '%.*s' (two ',' in "
                                      "a row)", CONFIG_QUOTE_MAX, prev)
                     : ipxl_xasprintf("empty item at the start "
                                      "(leading ',')"));
        } else {
            /* Keep the item as written for messages about the next one:
             * parse_item() cuts it up. */
            free(prev);
            prev = ipxl_xstrdup(item);
            error = parse_item(cfg, item, &seen);
            if (!error && !last && !*trim(p + 1)) {
                error = ipxl_xasprintf("trailing ',' after '%.*s'",
                                       CONFIG_QUOTE_MAX, prev);
            }
        }
        if (!last) {
            p++;
        }
    }

    if (!error && cfg->reasm.max_datagrams
        && cfg->reasm.max_bytes < cfg->reasm.max_size) {
        /* Else the largest datagram allowed could never be held whole. */
        error = ipxl_xasprintf("reasm_bytes=%"PRIu32": must be at least "
                               "reasm_max_size (%"PRIu32")",
                               cfg->reasm.max_bytes, cfg->reasm.max_size);
    }
    if (!error && !cfg->has_prefix && !cfg->eamt && !cfg->table_name) {
        error = ipxl_xasprintf("no prefix, eam(...) or table given: "
                               "nothing to translate with");
    }
    if (!error) {
        /* RFC 6052 section 3.1: "The Well-Known Prefix MUST NOT be used to
         * represent non-global IPv4 addresses", unless the operator says
         * otherwise (draft-ietf-v6ops-nat64-wkp-1918 argues for local
         * use). */
        bool wkp = cfg->has_prefix && ipxl_rfc6052_is_wkp(&cfg->prefix);

        if (cfg->allow_wkp_non_global && !wkp) {
            error = ipxl_xasprintf("allow_wkp_non_global: only with "
                                   "prefix=64:ff9b::/96 (the Well-Known "
                                   "Prefix)");
        }
        cfg->wkp_guard = wkp && !cfg->allow_wkp_non_global;
    }
    free(copy);
    free(prev);

    if (error) {
        ipxlat_config_free(cfg);
        *cfgp = NULL;
        return error;
    }
    for (size_t i = 0; i < IPXLAT_N_BUDGETS; i++) {
        atomic_init(&cfg->rl[i].tokens, cfg->rl[i].burst * 1000);
    }
    *cfgp = cfg;
    return NULL;
}

/* A growing malloc'd string. */
struct config_buf {
    char *s;                    /* The text, null-terminated. */
    size_t len;                 /* strlen(s). */
    size_t cap;                 /* Bytes allocated at 's'. */
};

/* Appends "," (unless 'b' is empty) and then an item formatted like
 * printf() to 'b'. */
static void __attribute__((format(printf, 2, 3)))
config_buf_item(struct config_buf *b, const char *fmt, ...)
{
    va_list args;
    char *item;
    size_t n;

    va_start(args, fmt);
    item = ipxl_xvasprintf(fmt, args);
    va_end(args);

    n = strlen(item);
    if (b->len + n + 2 > b->cap) {
        b->cap = (b->len + n + 2) * 2;
        b->s = ipxl_xrealloc(b->s, b->cap);
    }
    if (b->len) {
        b->s[b->len++] = ',';
    }
    memcpy(b->s + b->len, item, n + 1);
    b->len += n;
    free(item);
}

/* Formats IPv4 prefix 'p' into 'buf', leaving out a full "/32". */
static void
format_prefix4_opt(const struct ipxlat_prefix4 *p, char *buf, size_t size)
{
    if (p->len == 32) {
        ipxl_addr4_format(p->addr, buf, size);
    } else {
        ipxl_prefix4_format(p, buf, size);
    }
}

/* Formats IPv6 prefix 'p' into 'buf', leaving out a full "/128". */
static void
format_prefix6_opt(const struct ipxlat_prefix6 *p, char *buf, size_t size)
{
    if (p->len == 128) {
        ipxl_addr6_format(&p->addr, buf, size);
    } else {
        ipxl_prefix6_format(p, buf, size);
    }
}

/* ipxl_eamt_foreach() callback: appends one "eam(...)" item to the
 * 'struct config_buf' in 'aux'. */
static void
format_eam(void *aux, const struct ipxlat_prefix4 *p4,
           const struct ipxlat_prefix6 *p6)
{
    char text4[PREFIX4_STRLEN];
    char text6[PREFIX6_STRLEN];

    format_prefix4_opt(p4, text4, sizeof text4);
    format_prefix6_opt(p6, text6, sizeof text6);
    config_buf_item(aux, "eam(%s,%s)", text4, text6);
}

/* Returns 'cfg' as malloc'd canonical config text: the keys in a fixed
 * order, defaults left out, addresses in RFC 5952 form.  Parsing the text
 * gives back the same config. */
char *
ipxlat_config_format(const struct ipxlat_config *cfg)
{
    static const char *const hairpin_names[] = {
        [IPXLAT_HAIRPIN_MODE_OFF] = "off",
        [IPXLAT_HAIRPIN_MODE_SIMPLE] = "simple",
        [IPXLAT_HAIRPIN_MODE_INTRINSIC] = "intrinsic",
    };
    struct config_buf b = { NULL, 0, 0 };
    char text[PREFIX6_STRLEN];

    if (cfg->has_prefix) {
        ipxl_prefix6_format(&cfg->prefix, text, sizeof text);
        config_buf_item(&b, "prefix=%s", text);
    }
    if (cfg->eamt) {
        ipxl_eamt_foreach(cfg->eamt, format_eam, &b);
    }
    if (cfg->table_name) {
        config_buf_item(&b, "table=%s", cfg->table_name);
    }
    if (cfg->has_pool6791v4) {
        format_prefix4_opt(&cfg->pool6791v4, text, sizeof text);
        config_buf_item(&b, "pool6791v4=%s", text);
    }
    if (cfg->has_pool6791v6) {
        format_prefix6_opt(&cfg->pool6791v6, text, sizeof text);
        config_buf_item(&b, "pool6791v6=%s", text);
    }
    if (cfg->src4 != htonl(IPXLAT_DEFAULT_SRC4)) {
        ipxl_addr4_format(cfg->src4, text, sizeof text);
        config_buf_item(&b, "src4=%s", text);
    }
    if (cfg->has_src6) {
        ipxl_addr6_format(&cfg->src6, text, sizeof text);
        config_buf_item(&b, "src6=%s", text);
    }
    /* An MTU given is kept even when it is the default: a host may replace
     * a missing one by the MTU of its port. */
    if (cfg->has_mtu4) {
        config_buf_item(&b, "mtu4=%u", (unsigned int) cfg->mtu4);
    }
    if (cfg->has_mtu6) {
        config_buf_item(&b, "mtu6=%u", (unsigned int) cfg->mtu6);
    }
    if (cfg->lowest_ipv6_mtu != IPXLAT_DEFAULT_LOWEST_IPV6_MTU) {
        config_buf_item(&b, "lowest_ipv6_mtu=%u",
                        (unsigned int) cfg->lowest_ipv6_mtu);
    }
    if (cfg->amend_udp_zero_csum) {
        config_buf_item(&b, "amend_udp_zero_csum");
    }
    if (cfg->allow_wkp_non_global) {
        config_buf_item(&b, "allow_wkp_non_global");
    }
    if (cfg->hairpin_mode != IPXLAT_HAIRPIN_MODE_INTRINSIC
        && (unsigned int) cfg->hairpin_mode < 3) {
        config_buf_item(&b, "hairpin=%s",
                        hairpin_names[cfg->hairpin_mode]);
    }
    if (cfg->rl && cfg->rl->rate != IPXLAT_DEFAULT_ICMP_RATE) {
        config_buf_item(&b, "icmp_rate=%llu",
                        (unsigned long long) cfg->rl->rate);
    }
    if (cfg->rl && cfg->rl->burst != IPXLAT_DEFAULT_ICMP_BURST) {
        config_buf_item(&b, "icmp_burst=%llu",
                        (unsigned long long) cfg->rl->burst);
    }
    if (cfg->rl && (cfg->rl[IPXLAT_BUDGET_PMTU].rate
                    != IPXLAT_DEFAULT_ICMP_PMTU_RATE)) {
        config_buf_item(&b, "icmp_pmtu_rate=%llu", (unsigned long long)
                        cfg->rl[IPXLAT_BUDGET_PMTU].rate);
    }
    if (cfg->rl && (cfg->rl[IPXLAT_BUDGET_PMTU].burst
                    != IPXLAT_DEFAULT_ICMP_PMTU_BURST)) {
        config_buf_item(&b, "icmp_pmtu_burst=%llu", (unsigned long long)
                        cfg->rl[IPXLAT_BUDGET_PMTU].burst);
    }
    if (cfg->reasm.max_datagrams != IPXLAT_DEFAULT_REASM_DATAGRAMS) {
        config_buf_item(&b, "reasm_datagrams=%"PRIu32,
                        cfg->reasm.max_datagrams);
    }
    if (cfg->reasm.max_bytes != IPXLAT_DEFAULT_REASM_BYTES) {
        config_buf_item(&b, "reasm_bytes=%"PRIu32, cfg->reasm.max_bytes);
    }
    if (cfg->reasm.timeout_ms != IPXLAT_DEFAULT_REASM_TIMEOUT_MS) {
        config_buf_item(&b, "reasm_timeout=%"PRIu32,
                        cfg->reasm.timeout_ms / 1000);
    }
    if (cfg->reasm.max_size != IPXLAT_DEFAULT_REASM_MAX_SIZE) {
        config_buf_item(&b, "reasm_max_size=%"PRIu32, cfg->reasm.max_size);
    }
    if (cfg->bounce_table >= 0) {
        config_buf_item(&b, "bounce_table=%d", cfg->bounce_table);
    }
    return b.s ? b.s : ipxl_xstrdup("");
}

/* Returns the name that 'table=NAME' gave, or NULL. */
const char *
ipxlat_config_table_name(const struct ipxlat_config *cfg)
{
    return cfg->table_name;
}

/* Returns the egress MTU of the IPv4 side (if 'ip_version' is 4) or of the
 * IPv6 side (if it is 6) that 'cfg' translates with, given or default. */
unsigned int
ipxlat_config_mtu(const struct ipxlat_config *cfg, int ip_version)
{
    return ip_version == 4 ? cfg->mtu4 : cfg->mtu6;
}

/* Returns true if 'cfg' was given the MTU that ipxlat_config_mtu() returns
 * for 'ip_version' (mtu4=N or mtu6=N), false if it is the default. */
bool
ipxlat_config_mtu_given(const struct ipxlat_config *cfg, int ip_version)
{
    return ip_version == 4 ? cfg->has_mtu4 : cfg->has_mtu6;
}

/* Returns the smallest MTU of the IPv6 side (lowest_ipv6_mtu=N). */
unsigned int
ipxlat_config_lowest_ipv6_mtu(const struct ipxlat_config *cfg)
{
    return cfg->lowest_ipv6_mtu;
}

/* Returns the table that 'bounce_table=N' gave, or -1. */
int
ipxlat_config_bounce_table(const struct ipxlat_config *cfg)
{
    return cfg->bounce_table;
}

/* Frees 'cfg' with its EAM table, table name and rate limiter.  Accepts
 * NULL. */
void
ipxlat_config_free(struct ipxlat_config *cfg)
{
    if (cfg) {
        if (cfg->eamt) {
            ipxlat_eamt_destroy(cfg->eamt);
        }
        free(cfg->table_name);
        free(cfg->rl);
        free(cfg);
    }
}
