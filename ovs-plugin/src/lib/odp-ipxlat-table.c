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
#include <unistd.h>

#include "cmap.h"
#include "dirs.h"
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/list.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "ovs-rcu.h"
#include "ovs-thread.h"
#include "seq.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(odp_ipxlat_table);

/* A named EAM table. */
struct odp_ipxlat_table {
    struct cmap_node node;      /* In 'tables', by hash of 'name'. */
    char *name;                 /* Table name, as in 'table=NAME'. */
    OVSRCU_TYPE(struct ipxlat_eamt *) eamt; /* Current contents. */
    struct ipxlat_eamt_store *store;        /* Its files. */
    ATOMIC(size_t) n_entries;   /* Entries, for odp_ipxlat_table_summary(). */
};

/* All tables, by name.  Only the table thread changes it (and
 * odp_ipxlat_table_restore(), before that thread starts). */
static struct cmap tables = CMAP_INITIALIZER;

/* A request, from odp_ipxlat_table_request() to the table thread and back
 * to the main thread. */
struct odp_ipxlat_table_job {
    struct ovs_list list_node;  /* In 'pending_jobs' or 'done_jobs'. */
    struct odp_ipxlat_table_args args;  /* With 'name' and 'argv'. */
    char *name;                 /* Copy of the table name. */
    char **argv;                /* Copies of the arguments. */
    odp_ipxlat_table_cb *cb;    /* Called with the result. */
    void *aux;                  /* For 'cb'. */
    char *error;                /* Result: NULL or a message. */
    char *output;               /* Result: text to print, or NULL. */
};

static struct ovs_mutex job_mutex = OVS_MUTEX_INITIALIZER;
static pthread_cond_t job_cond = PTHREAD_COND_INITIALIZER;
static struct ovs_list pending_jobs OVS_GUARDED_BY(job_mutex)
    = OVS_LIST_INITIALIZER(&pending_jobs);
static struct ovs_list done_jobs OVS_GUARDED_BY(job_mutex)
    = OVS_LIST_INITIALIZER(&done_jobs);

/* Changed by the table thread when it finishes a request. */
static struct seq *done_seq;

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

/* Returns the contents of 't', for the table thread. */
static struct ipxlat_eamt *
odp_ipxlat_table_contents(const struct odp_ipxlat_table *t)
{
    return ovsrcu_get_protected(struct ipxlat_eamt *, &t->eamt);
}

/* Returns the directory in which tables are saved, as a malloc'd string. */
static char *
odp_ipxlat_table_dir(void)
{
    return xasprintf("%s/ipxlat", ovs_dbdir());
}

/* Returns a new empty EAM table whose replaced memory is freed after an RCU
 * grace period, since the datapath may be reading it. */
static struct ipxlat_eamt *
odp_ipxlat_eamt_create(void)
{
    struct ipxlat_eamt *eamt = ipxlat_eamt_create();

    ipxlat_eamt_set_postpone(eamt, ovsrcu_postpone__);
    return eamt;
}

/* ipxlat_eamt_destroy() for ovsrcu_postpone__(), because ovsrcu_postpone()
 * needs a complete type to check its argument. */
static void
odp_ipxlat_eamt_destroy_cb(void *eamt)
{
    ipxlat_eamt_destroy(eamt);
}

/* Frees 't' and its contents. */
static void
odp_ipxlat_table_free(struct odp_ipxlat_table *t)
{
    ipxlat_eamt_destroy(odp_ipxlat_table_contents(t));
    ipxlat_eamt_store_close(t->store);
    free(t->name);
    free(t);
}

/* Updates the count of entries that odp_ipxlat_table_summary() prints. */
static void
odp_ipxlat_table_count(struct odp_ipxlat_table *t)
{
    atomic_store_relaxed(&t->n_entries,
                         ipxlat_eamt_count(odp_ipxlat_table_contents(t)));
}

/* Adds a table named 'name' with contents 'eamt' kept in 'store'. */
static struct odp_ipxlat_table *
odp_ipxlat_table_insert(const char *name, struct ipxlat_eamt *eamt,
                        struct ipxlat_eamt_store *store)
{
    struct odp_ipxlat_table *t = xzalloc(sizeof *t);

    t->name = xstrdup(name);
    t->store = store;
    ovsrcu_set_hidden(&t->eamt, eamt);
    odp_ipxlat_table_count(t);
    cmap_insert(&tables, &t->node, hash_string(name, 0));
    return t;
}

/* Returns table 'name', creating it (empty, its files too) if 'create',
 * in which case '*created' says whether it did.  Returns NULL with a
 * message in '*errorp' if there is no such table or if it cannot be
 * created. */
static struct odp_ipxlat_table *
odp_ipxlat_table_lookup(const char *name, bool create, bool *created,
                        char **errorp)
{
    struct odp_ipxlat_table *t;

    t = odp_ipxlat_table_find(name, hash_string(name, 0));
    *created = false;
    if (!t && create) {
        struct ipxlat_eamt *eamt = odp_ipxlat_eamt_create();
        struct ipxlat_eamt_store *store;
        char *dir = odp_ipxlat_table_dir();

        *errorp = ipxlat_eamt_store_open(dir, name, eamt, &store);
        free(dir);
        if (*errorp) {
            ipxlat_eamt_destroy(eamt);
            return NULL;
        }
        t = odp_ipxlat_table_insert(name, eamt, store);
        *created = true;
    } else if (!t) {
        *errorp = xasprintf("%s: no such table", name);
    }
    return t;
}

/* Deletes table 't' and its files. */
static char *
odp_ipxlat_table_delete(struct odp_ipxlat_table *t)
{
    char *error = ipxlat_eamt_store_destroy(t->store);

    t->store = NULL;
    cmap_remove(&tables, &t->node, hash_string(t->name, 0));
    ovsrcu_postpone(odp_ipxlat_table_free, t);
    return error;
}

/* Adds ('add') or removes the entries of 'job' to or from table 't', in
 * place, and journals the change; if that fails, undoes it. */
static char *
odp_ipxlat_table_change(struct odp_ipxlat_table *t,
                        const struct odp_ipxlat_table_job *job, bool add)
{
    struct ipxlat_eamt *eamt = odp_ipxlat_table_contents(t);
    const char *const *entries = job->args.args;
    size_t n = job->args.n_args;
    char *error;

    error = (add ? ipxlat_eamt_add_many(eamt, entries, n)
             : ipxlat_eamt_remove_many(eamt, entries, n));
    if (error) {
        if (!add) {
            char *msg = xasprintf("%s in table %s", error, t->name);

            free(error);
            error = msg;
        }
        return error;
    }

    /* Now and then this writes a new snapshot of the whole table: see
     * odp_ipxlat_table_replace() for why it may be quiescent meanwhile. */
    ovsrcu_quiesce_start();
    error = ipxlat_eamt_store_log(t->store, eamt, add, entries, n);
    ovsrcu_quiesce_end();
    if (error) {
        char *undo = (add ? ipxlat_eamt_remove_many(eamt, entries, n)
                      : ipxlat_eamt_add_many(eamt, entries, n));

        if (undo) {
            VLOG_ERR("table %s: could not undo a change that could not be "
                     "saved: %s", t->name, undo);
            free(undo);
        }
    }
    odp_ipxlat_table_count(t);
    return error;
}

/* Makes 'eamt' the contents of 't', saved as a new snapshot, and frees the
 * former contents after a grace period; or, if it cannot be saved, frees
 * 'eamt'. */
static char *
odp_ipxlat_table_replace(struct odp_ipxlat_table *t, struct ipxlat_eamt *eamt)
{
    char *error;

    /* Only this thread changes or frees tables, so it may read one while
     * quiescent, for as long as writing a million entries takes. */
    ovsrcu_quiesce_start();
    error = ipxlat_eamt_store_rewrite(t->store, eamt);
    ovsrcu_quiesce_end();

    if (error) {
        ipxlat_eamt_destroy(eamt);
        return error;
    }
    ovsrcu_postpone__(odp_ipxlat_eamt_destroy_cb,
                      odp_ipxlat_table_contents(t));
    ovsrcu_set(&t->eamt, eamt);
    odp_ipxlat_table_count(t);
    return NULL;
}

/* ipxlat/table-load: replaces the entries of the table by the file's. */
static char *
odp_ipxlat_table_load(const struct odp_ipxlat_table_job *job)
{
    struct ipxlat_eamt *eamt = ipxlat_eamt_create();
    const char *name = job->args.name;
    const char *file = job->args.args[0];
    struct odp_ipxlat_table *t;
    char *error;

    /* Read the whole file before anything changes, into a table that no
     * other thread sees yet: so the table thread may be quiescent
     * meanwhile, and a big file does not hold up RCU. */
    ovsrcu_quiesce_start();
    error = ipxlat_eamt_load(eamt, file);
    ovsrcu_quiesce_end();
    ipxlat_eamt_set_postpone(eamt, ovsrcu_postpone__);
    if (!error && !ipxlat_eamt_count(eamt) && !job->args.allow_empty) {
        error = xasprintf("%s: no entries; to empty table %s, give "
                          "--allow-empty or use ipxlat/table-clear", file,
                          name);
    }
    if (!error) {
        bool created;

        t = odp_ipxlat_table_lookup(name, true, &created, &error);
        if (t) {
            return odp_ipxlat_table_replace(t, eamt);
        }
    }
    ipxlat_eamt_destroy(eamt);
    return error;
}

/* ipxlat/table-show: the number of entries and at most 'max' of them. */
static char *
odp_ipxlat_table_show(struct odp_ipxlat_table *t, size_t max, char **output)
{
    const struct ipxlat_eamt *eamt = odp_ipxlat_table_contents(t);
    size_t n = ipxlat_eamt_count(eamt);
    struct ds s = DS_EMPTY_INITIALIZER;
    char *buf = NULL;
    size_t size = 0;
    FILE *stream;

    stream = open_memstream(&buf, &size);
    if (!stream) {
        return xasprintf("%s", ovs_strerror(errno));
    }
    ovsrcu_quiesce_start();     /* See odp_ipxlat_table_replace(). */
    ipxlat_eamt_save(eamt, stream);
    ovsrcu_quiesce_end();
    fclose(stream);

    ds_put_format(&s, "table %s: %"PRIuSIZE" entries\n", t->name, n);
    const char *p = buf;
    for (size_t i = 0; i < max && *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? nl - p + 1 : strlen(p);

        ds_put_buffer(&s, p, len);
        p += len;
    }
    if (*p) {
        ds_put_format(&s, "... (%"PRIuSIZE" entries not shown)\n", n - max);
    }
    free(buf);
    *output = ds_steal_cstr(&s);
    return NULL;
}

/* Does what 'job' asks, in the table thread, and stores the result in it. */
static void
odp_ipxlat_table_do(struct odp_ipxlat_table_job *job)
{
    const struct odp_ipxlat_table_args *args = &job->args;
    enum odp_ipxlat_table_op op = args->op;
    struct odp_ipxlat_table *t;
    char *error = NULL;
    bool created;

    if (op == ODP_IPXLAT_TABLE_LOAD) {
        job->error = odp_ipxlat_table_load(job);
        return;
    }

    t = odp_ipxlat_table_lookup(args->name, op == ODP_IPXLAT_TABLE_ADD,
                                &created, &error);
    if (!t) {
        job->error = error;
        return;
    }
    switch (op) {
    case ODP_IPXLAT_TABLE_ADD:
    case ODP_IPXLAT_TABLE_DEL:
        job->error = odp_ipxlat_table_change(t, job,
                                             op == ODP_IPXLAT_TABLE_ADD);
        if (job->error && created) {
            /* A table that a failed table-add would have created. */
            free(odp_ipxlat_table_delete(t));
        }
        break;

    case ODP_IPXLAT_TABLE_CLEAR:
        job->error = odp_ipxlat_table_replace(t, odp_ipxlat_eamt_create());
        break;

    case ODP_IPXLAT_TABLE_SHOW:
        job->error = odp_ipxlat_table_show(t, args->max, &job->output);
        break;

    case ODP_IPXLAT_TABLE_DESTROY:
        job->error = odp_ipxlat_table_delete(t);
        break;

    case ODP_IPXLAT_TABLE_LOAD:
    default:
        OVS_NOT_REACHED();
    }
}

/* The table thread: does the requests one by one, in order. */
static void *
odp_ipxlat_table_main(void *arg OVS_UNUSED)
{
    for (;;) {
        struct odp_ipxlat_table_job *job;

        ovs_mutex_lock(&job_mutex);
        while (ovs_list_is_empty(&pending_jobs)) {
            ovsrcu_quiesce_start();
            ovs_mutex_cond_wait(&job_cond, &job_mutex);
            ovsrcu_quiesce_end();
        }
        job = CONTAINER_OF(ovs_list_pop_front(&pending_jobs),
                           struct odp_ipxlat_table_job, list_node);
        ovs_mutex_unlock(&job_mutex);

        odp_ipxlat_table_do(job);

        ovs_mutex_lock(&job_mutex);
        ovs_list_push_back(&done_jobs, &job->list_node);
        ovs_mutex_unlock(&job_mutex);
        seq_change(done_seq);
        ovsrcu_quiesce();
    }
    return NULL;
}

/* Queues the request 'args' for the table thread, starting it the first
 * time.  'cb' is called with the result, from odp_ipxlat_table_run(). */
void
odp_ipxlat_table_request(const struct odp_ipxlat_table_args *args,
                         odp_ipxlat_table_cb *cb, void *aux)
{
    static struct ovsthread_once once = OVSTHREAD_ONCE_INITIALIZER;
    struct odp_ipxlat_table_job *job = xzalloc(sizeof *job);
    char **copies = xmalloc((args->n_args + 1) * sizeof *copies);

    if (ovsthread_once_start(&once)) {
        done_seq = seq_create();
        ovs_thread_create("ipxlat_table", odp_ipxlat_table_main, NULL);
        ovsthread_once_done(&once);
    }

    job->args = *args;
    job->name = xstrdup(args->name);
    job->args.name = job->name;
    for (size_t i = 0; i < args->n_args; i++) {
        copies[i] = xstrdup(args->args[i]);
    }
    job->argv = copies;
    job->args.args = (const char *const *) copies;
    job->cb = cb;
    job->aux = aux;

    ovs_mutex_lock(&job_mutex);
    ovs_list_push_back(&pending_jobs, &job->list_node);
    xpthread_cond_signal(&job_cond);
    ovs_mutex_unlock(&job_mutex);
}

/* Calls the callbacks of the requests that the table thread has finished.
 * Called by the main thread. */
void
odp_ipxlat_table_run(void)
{
    struct ovs_list done = OVS_LIST_INITIALIZER(&done);
    struct odp_ipxlat_table_job *job;

    if (!done_seq) {
        return;
    }
    ovs_mutex_lock(&job_mutex);
    ovs_list_push_back_all(&done, &done_jobs);
    ovs_mutex_unlock(&job_mutex);

    LIST_FOR_EACH_POP (job, list_node, &done) {
        job->cb(job->aux, job->error, job->output);
        for (size_t i = 0; i < job->args.n_args; i++) {
            free(job->argv[i]);
        }
        free(job->argv);
        free(job->name);
        free(job);
    }
}

/* Makes the main thread wake up when a request is finished. */
void
odp_ipxlat_table_wait(void)
{
    static uint64_t seen;

    if (done_seq) {
        uint64_t now = seq_read(done_seq);

        if (now != seen) {
            seen = now;
            poll_immediate_wake();
        } else {
            seq_wait(done_seq, seen);
        }
    }
}

/* Appends to 's' one line per table: its name and number of entries. */
void
odp_ipxlat_table_summary(struct ds *s)
{
    struct odp_ipxlat_table *t;

    CMAP_FOR_EACH (t, node, &tables) {
        size_t n;

        atomic_read_relaxed(&t->n_entries, &n);
        ds_put_format(s, "  %s: %"PRIuSIZE" entries\n", t->name, n);
    }
}

/* Appends to 's' a JSON array with one object per table: its "name" and
 * its number of "entries". */
void
odp_ipxlat_table_summary_json(struct ds *s)
{
    struct odp_ipxlat_table *t;
    bool first = true;

    ds_put_char(s, '[');
    CMAP_FOR_EACH (t, node, &tables) {
        size_t n;

        atomic_read_relaxed(&t->n_entries, &n);
        ds_put_cstr(s, first ? "{\"name\":" : ",{\"name\":");
        json_string_escape(t->name, s);
        ds_put_format(s, ",\"entries\":%"PRIuSIZE"}", n);
        first = false;
    }
    ds_put_char(s, ']');
}

/* Returns true if 'name' ends in 'suffix'. */
static bool
odp_ipxlat_ends_with(const char *name, const char *suffix)
{
    size_t len = strlen(name), n = strlen(suffix);

    return len > n && !strcmp(&name[len - n], suffix);
}

/* Loads every table kept in the table directory, and removes the temporary
 * files that a crash left there.  Called once, when ovs-vswitchd starts,
 * before any request. */
void
odp_ipxlat_table_restore(void)
{
    char *dir_name = odp_ipxlat_table_dir();
    DIR *dir = opendir(dir_name);
    struct dirent *de;

    if (!dir) {
        if (errno != ENOENT) {
            VLOG_WARN("%s: %s", dir_name, ovs_strerror(errno));
        }
        free(dir_name);
        return;
    }

    while ((de = readdir(dir)) != NULL) {
        if (odp_ipxlat_ends_with(de->d_name, ".tmp")) {
            char *file = xasprintf("%s/%s", dir_name, de->d_name);

            VLOG_INFO("%s: removing a file left by a crash", file);
            unlink(file);
            free(file);
        }
    }
    rewinddir(dir);

    while ((de = readdir(dir)) != NULL) {
        if (!odp_ipxlat_ends_with(de->d_name, ".eam")) {
            continue;
        }

        char *name = xmemdup0(de->d_name, strlen(de->d_name) - 4);
        if (ipxlat_table_name_valid(name)) {
            struct ipxlat_eamt *eamt = odp_ipxlat_eamt_create();
            struct ipxlat_eamt_store *store;
            char *error;

            error = ipxlat_eamt_store_open(dir_name, name, eamt, &store);
            if (error) {
                VLOG_WARN("table %s not loaded: %s", name, error);
                free(error);
                ipxlat_eamt_destroy(eamt);
            } else {
                VLOG_INFO("loaded ipxlat table %s: %"PRIuSIZE" entries",
                          name, ipxlat_eamt_count(eamt));
                odp_ipxlat_table_insert(name, eamt, store);
            }
        }
        free(name);
    }
    closedir(dir);
    free(dir_name);
}
