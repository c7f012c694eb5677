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


#include <config.h>

#include "odp-ipxlat-table.h"

#include <dirent.h>
#include <errno.h>
#include <ipxlat.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmap.h"
#include "dirs.h"
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(odp_ipxlat_table);

/* A named EAM table. */
struct odp_ipxlat_table {
    struct cmap_node node;      /* In 'tables', by hash of 'name'. */
    char *name;                 /* Table name, as in 'table=NAME'. */
    OVSRCU_TYPE(struct ipxlat_eamt *) eamt; /* Current contents. */
};

/* All tables, by name.  Writers hold 'table_mutex'. */
static struct cmap tables = CMAP_INITIALIZER;
static struct ovs_mutex table_mutex = OVS_MUTEX_INITIALIZER;

/* The longest table name. */
#define ODP_IPXLAT_TABLE_NAME_MAX 64

/* Returns true if 'name' is a valid table name: 1 to 64 of the characters
 * that 'table=NAME' accepts, not starting with a dot, so that it is also a
 * safe file name. */
bool
odp_ipxlat_table_name_is_valid(const char *name)
{
    static const char name_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "abcdefghijklmnopqrstuvwxyz"
                                     "0123456789_.-";
    size_t len = strlen(name);

    return (len && len <= ODP_IPXLAT_TABLE_NAME_MAX && name[0] != '.'
            && strspn(name, name_chars) == len);
}

/* Returns the table named 'name', whose hash_string() is 'hash', or NULL. */
static struct odp_ipxlat_table *
odp_ipxlat_table_find(const char *name, uint32_t hash)
{
    struct odp_ipxlat_table *t;

    CMAP_FOR_EACH_WITH_HASH (t, node, hash, &tables) {
        if (!strcmp(t->name, name)) {
            return t;
        }
    }
    return NULL;
}

/* Returns the contents of table 'name', whose hash_string() is 'hash', or
 * NULL if there is no such table.  The caller may use the contents until
 * it quiesces. */
const struct ipxlat_eamt *
odp_ipxlat_table_get(const char *name, uint32_t hash)
{
    const struct odp_ipxlat_table *t = odp_ipxlat_table_find(name, hash);

    return t ? ovsrcu_get(struct ipxlat_eamt *, &t->eamt) : NULL;
}

/* Returns the contents of 't', for a writer. */
static struct ipxlat_eamt *
odp_ipxlat_table_contents(const struct odp_ipxlat_table *t)
    OVS_REQUIRES(table_mutex)
{
    return ovsrcu_get_protected(struct ipxlat_eamt *, &t->eamt);
}

/* Returns the directory in which tables are saved, as a malloc'd string. */
static char *
odp_ipxlat_table_dir(void)
{
    return xasprintf("%s/ipxlat", ovs_dbdir());
}

/* Returns the file in which table 'name' is saved, as a malloc'd string. */
static char *
odp_ipxlat_table_file(const char *name)
{
    char *dir = odp_ipxlat_table_dir();
    char *file = xasprintf("%s/%s.eam", dir, name);

    free(dir);
    return file;
}

/* Writes 'eamt' as the saved contents of table 'name', atomically: a
 * temporary file, flushed to disk, then renamed over the old one.  Returns
 * NULL or a malloc'd error message. */
static char *
odp_ipxlat_table_save(const char *name, const struct ipxlat_eamt *eamt)
{
    char *dir = odp_ipxlat_table_dir();
    char *file = odp_ipxlat_table_file(name);
    char *tmp = xasprintf("%s.tmp", file);
    char *error = NULL;
    FILE *stream;

    if (mkdir(dir, 0700) && errno != EEXIST) {
        error = xasprintf("%s: %s", dir, ovs_strerror(errno));
        goto out;
    }

    stream = fopen(tmp, "w");
    if (!stream) {
        error = xasprintf("%s: %s", tmp, ovs_strerror(errno));
        goto out;
    }
    int retval = ipxlat_eamt_save(eamt, stream);
    if (!retval && fflush(stream)) {
        retval = errno;
    }
    if (!retval && fsync(fileno(stream))) {
        retval = errno;
    }
    if (fclose(stream) && !retval) {
        retval = errno;
    }
    if (!retval && rename(tmp, file)) {
        retval = errno;
    }
    if (retval) {
        error = xasprintf("%s: %s", file, ovs_strerror(retval));
        unlink(tmp);
    }

out:
    free(tmp);
    free(file);
    free(dir);
    return error;
}

/* Frees 't' and its contents. */
static void
odp_ipxlat_table_free(struct odp_ipxlat_table *t)
{
    ipxlat_eamt_destroy(ovsrcu_get_protected(struct ipxlat_eamt *,
                                             &t->eamt));
    free(t->name);
    free(t);
}

/* ipxlat_eamt_destroy() for ovsrcu_postpone__(), because ovsrcu_postpone()
 * needs a complete type to check its argument. */
static void
odp_ipxlat_eamt_destroy_cb(void *eamt)
{
    ipxlat_eamt_destroy(eamt);
}

/* Makes 'eamt' the contents of table 'name', creating the table if needed,
 * and frees the former contents after a grace period. */
static void
odp_ipxlat_table_publish(const char *name, struct ipxlat_eamt *eamt)
    OVS_REQUIRES(table_mutex)
{
    uint32_t hash = hash_string(name, 0);
    struct odp_ipxlat_table *t = odp_ipxlat_table_find(name, hash);

    if (t) {
        struct ipxlat_eamt *old = odp_ipxlat_table_contents(t);

        ovsrcu_set(&t->eamt, eamt);
        ovsrcu_postpone__(odp_ipxlat_eamt_destroy_cb, old);
    } else {
        t = xzalloc(sizeof *t);
        t->name = xstrdup(name);
        ovsrcu_set_hidden(&t->eamt, eamt);
        cmap_insert(&tables, &t->node, hash);
    }
}

/* Returns a copy of the contents of table 'name', or an empty table if
 * there is no such table. */
static struct ipxlat_eamt *
odp_ipxlat_table_copy(const char *name)
    OVS_REQUIRES(table_mutex)
{
    struct odp_ipxlat_table *t;

    t = odp_ipxlat_table_find(name, hash_string(name, 0));
    return t ? ipxlat_eamt_clone(odp_ipxlat_table_contents(t))
             : ipxlat_eamt_create();
}

/* Ends a change that built 'eamt' as the new contents of table 'name': if
 * 'error' (the change's malloc'd error message) is NULL, saves 'eamt' and,
 * if that works, publishes it.  Frees 'eamt' unless it was published.
 * Returns 'error', or the error of saving. */
static char *
odp_ipxlat_table_commit(const char *name, struct ipxlat_eamt *eamt,
                        char *error)
    OVS_REQUIRES(table_mutex)
{
    if (!error) {
        error = odp_ipxlat_table_save(name, eamt);
    }
    if (error) {
        ipxlat_eamt_destroy(eamt);
    } else {
        odp_ipxlat_table_publish(name, eamt);
    }
    return error;
}

/* Adds the 'n_pairs' entries in 'pairs' (an IPv4 and an IPv6 prefix each,
 * so 2 * 'n_pairs' strings) to table 'name', creating the table if it does
 * not exist. */
char *
odp_ipxlat_table_add(const char *name, const char *const pairs[],
                     size_t n_pairs)
{
    char *error = NULL;

    if (!odp_ipxlat_table_name_is_valid(name)) {
        return xasprintf("%s: invalid table name", name);
    }

    ovs_mutex_lock(&table_mutex);
    struct ipxlat_eamt *eamt = odp_ipxlat_table_copy(name);
    for (size_t i = 0; i < n_pairs && !error; i++) {
        error = ipxlat_eamt_add(eamt, pairs[2 * i], pairs[2 * i + 1]);
    }
    error = odp_ipxlat_table_commit(name, eamt, error);
    ovs_mutex_unlock(&table_mutex);

    return error;
}

/* Removes the 'n_entries' entries in 'entries', each "IPV4[/LEN],IPV6[/LEN]"
 * exactly as in the table, from table 'name'. */
char *
odp_ipxlat_table_remove(const char *name, const char *const entries[],
                        size_t n_entries)
{
    char *error = NULL;

    ovs_mutex_lock(&table_mutex);
    if (!odp_ipxlat_table_find(name, hash_string(name, 0))) {
        error = xasprintf("%s: no such table", name);
    } else {
        struct ipxlat_eamt *eamt = odp_ipxlat_table_copy(name);

        for (size_t i = 0; i < n_entries && !error; i++) {
            if (!ipxlat_eamt_remove(eamt, entries[i])) {
                error = xasprintf("%s: no such entry in table %s",
                                  entries[i], name);
            }
        }
        error = odp_ipxlat_table_commit(name, eamt, error);
    }
    ovs_mutex_unlock(&table_mutex);

    return error;
}

/* Replaces the contents of table 'name', creating it if it does not exist,
 * by the entries in file 'file_name'. */
char *
odp_ipxlat_table_load(const char *name, const char *file_name)
{
    if (!odp_ipxlat_table_name_is_valid(name)) {
        return xasprintf("%s: invalid table name", name);
    }

    /* Parse without the lock: the file may be large. */
    struct ipxlat_eamt *eamt = ipxlat_eamt_create();
    char *error = ipxlat_eamt_load(eamt, file_name);

    ovs_mutex_lock(&table_mutex);
    error = odp_ipxlat_table_commit(name, eamt, error);
    ovs_mutex_unlock(&table_mutex);
    return error;
}

/* Deletes table 'name' and its saved file.  Configurations that use it
 * translate without it from then on. */
char *
odp_ipxlat_table_destroy(const char *name)
{
    uint32_t hash = hash_string(name, 0);
    struct odp_ipxlat_table *t;
    char *error = NULL;

    ovs_mutex_lock(&table_mutex);
    t = odp_ipxlat_table_find(name, hash);
    if (t) {
        char *file = odp_ipxlat_table_file(name);

        if (unlink(file) && errno != ENOENT) {
            error = xasprintf("%s: %s", file, ovs_strerror(errno));
        } else {
            cmap_remove(&tables, &t->node, hash);
            ovsrcu_postpone(odp_ipxlat_table_free, t);
        }
        free(file);
    } else {
        error = xasprintf("%s: no such table", name);
    }
    ovs_mutex_unlock(&table_mutex);

    return error;
}

/* Appends to 's' the number of entries in table 'name' and at most 'max' of
 * its entries, in the order in which they were added, one a line. */
char *
odp_ipxlat_table_show(const char *name, size_t max, struct ds *s)
{
    struct odp_ipxlat_table *t;
    char *buf = NULL;
    size_t size = 0;

    ovs_mutex_lock(&table_mutex);
    t = odp_ipxlat_table_find(name, hash_string(name, 0));
    if (!t) {
        ovs_mutex_unlock(&table_mutex);
        return xasprintf("%s: no such table", name);
    }

    const struct ipxlat_eamt *eamt = odp_ipxlat_table_contents(t);
    size_t n = ipxlat_eamt_count(eamt);
    FILE *stream = open_memstream(&buf, &size);
    if (stream) {
        ipxlat_eamt_save(eamt, stream);
        fclose(stream);
    }
    ovs_mutex_unlock(&table_mutex);

    ds_put_format(s, "table %s: %"PRIuSIZE" entries\n", name, n);
    const char *p = buf ? buf : "";
    for (size_t i = 0; i < max && *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? nl - p + 1 : strlen(p);

        ds_put_buffer(s, p, len);
        p += len;
    }
    if (*p) {
        ds_put_format(s, "... (%"PRIuSIZE" entries not shown)\n", n - max);
    }
    free(buf);
    return NULL;
}

/* Appends to 's' one line per table: its name and number of entries. */
void
odp_ipxlat_table_summary(struct ds *s)
{
    const struct odp_ipxlat_table *t;

    ovs_mutex_lock(&table_mutex);
    CMAP_FOR_EACH (t, node, &tables) {
        ds_put_format(s, "  %s: %"PRIuSIZE" entries\n", t->name,
                      ipxlat_eamt_count(odp_ipxlat_table_contents(t)));
    }
    ovs_mutex_unlock(&table_mutex);
}

/* Loads every table saved in the table directory.  Called once, when
 * ovs-vswitchd starts. */
void
odp_ipxlat_table_restore(void)
{
    char *dir_name = odp_ipxlat_table_dir();
    DIR *dir = opendir(dir_name);

    if (!dir) {
        if (errno != ENOENT) {
            VLOG_WARN("%s: %s", dir_name, ovs_strerror(errno));
        }
        free(dir_name);
        return;
    }

    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        size_t len = strlen(de->d_name);

        if (len <= 4 || strcmp(&de->d_name[len - 4], ".eam")) {
            continue;
        }

        char *name = xmemdup0(de->d_name, len - 4);
        if (odp_ipxlat_table_name_is_valid(name)) {
            char *file = xasprintf("%s/%s", dir_name, de->d_name);
            struct ipxlat_eamt *eamt = ipxlat_eamt_create();
            char *error = ipxlat_eamt_load(eamt, file);

            if (error) {
                VLOG_WARN("%s", error);
                free(error);
                ipxlat_eamt_destroy(eamt);
            } else {
                VLOG_INFO("loaded ipxlat table %s: %"PRIuSIZE" entries",
                          name, ipxlat_eamt_count(eamt));
                ovs_mutex_lock(&table_mutex);
                odp_ipxlat_table_publish(name, eamt);
                ovs_mutex_unlock(&table_mutex);
            }
            free(file);
        }
        free(name);
    }
    closedir(dir);
    free(dir_name);
}
