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

#include "ovs.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PLACEHOLDER "{PREF64}"

/* Returns a malloc'd string formatted like printf(). */
static char *
xasprintf(const char *fmt, ...)
{
    va_list args;
    char *s;

    va_start(args, fmt);
    if (vasprintf(&s, fmt, args) < 0) {
        abort();
    }
    va_end(args);
    return s;
}

/* Returns true if 'line' starts with a flow-mod keyword that the daemon
 * must choose itself. */
static bool
has_command_keyword(const char *line)
{
    static const char *const words[] = {
        "add", "modify", "modify_strict", "delete", "delete_strict",
    };

    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);

        if (!strncmp(line, words[i], n)
            && (line[n] == ' ' || line[n] == '\t')) {
            return true;
        }
    }
    return false;
}

/* Reads the flow template 'file' into 'd'.  Blank lines and lines starting
 * with '#' are skipped.  Returns NULL, or a malloc'd one-line error. */
char *
ovs_load_template(struct ovs_driver *d, const char *file)
{
    FILE *f = fopen(file, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;

    if (!f) {
        return xasprintf("%s: %s", file, strerror(errno));
    }
    while ((n = getline(&line, &cap, f)) >= 0) {
        char *s = line;

        lineno++;
        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'
                         || s[n - 1] == ' ' || s[n - 1] == '\t')) {
            s[--n] = '\0';
        }
        s += strspn(s, " \t");
        if (!*s || *s == '#') {
            continue;
        }
        if (strstr(s, "cookie=") || has_command_keyword(s)) {
            char *err = xasprintf("%s:%d: a template line may not set "
                                  "cookie= or start with a command keyword "
                                  "(the daemon adds them)", file, lineno);
            free(line);
            fclose(f);
            return err;
        }
        d->lines = realloc(d->lines, (d->n_lines + 1) * sizeof *d->lines);
        if (!d->lines) {
            abort();
        }
        d->lines[d->n_lines++] = strdup(s);
    }
    free(line);
    fclose(f);
    if (!d->n_lines) {
        return xasprintf("%s: no flows in the template", file);
    }
    return NULL;
}

/* Returns 'line' with every {PREF64} replaced by 'prefix' (malloc'd). */
static char *
substitute(const char *line, const char *prefix)
{
    size_t plen = strlen(PLACEHOLDER);
    size_t cap = strlen(line) + 1;
    const char *p;
    char *out;

    for (p = line; (p = strstr(p, PLACEHOLDER)); p += plen) {
        cap += strlen(prefix);
    }
    out = malloc(cap);
    if (!out) {
        abort();
    }
    out[0] = '\0';
    for (p = line;;) {
        const char *hit = strstr(p, PLACEHOLDER);

        if (!hit) {
            strcat(out, p);
            break;
        }
        strncat(out, p, hit - p);
        strcat(out, prefix);
        p = hit + plen;
    }
    return out;
}

/* Returns the bundle (malloc'd) that makes the daemon's flows on the bridge
 * exactly the template with prefix 'p', or, with 'p' NULL, removes them.
 * Returns NULL if there is nothing to do (no prefix and 'keep_on_empty'). */
char *
ovs_bundle_text(const struct ovs_driver *d, const struct pref64 *p)
{
    char *text;
    char prefix[64];

    if (!p && d->keep_on_empty) {
        return NULL;
    }
    /* The delete comes first in the same bundle, so no packet sees the
     * tables without the daemon's flows while they change. */
    text = xasprintf("delete cookie=0x%016llx/0xffffffffffffffff\n",
                     (unsigned long long) d->cookie);
    if (!p) {
        return text;
    }
    pref64_format(p, prefix, sizeof prefix);
    for (int i = 0; i < d->n_lines; i++) {
        char *flow = substitute(d->lines[i], prefix);
        char *next = xasprintf("%sadd cookie=0x%016llx,%s\n", text,
                               (unsigned long long) d->cookie, flow);
        free(flow);
        free(text);
        text = next;
    }
    return text;
}

/* Runs "OFCTL --bundle add-flows BRIDGE -" with the bundle for 'p' on its
 * standard input and waits for it.  Returns 0, or -1 with a malloc'd
 * one-line reason in '*err'. */
int
ovs_apply(const struct ovs_driver *d, const struct pref64 *p, char **err)
{
    char *text = ovs_bundle_text(d, p);
    int pipefd[2];
    size_t len, off;
    int status;
    pid_t pid;

    *err = NULL;
    if (!text) {
        return 0;
    }
    if (pipe(pipefd) < 0) {
        *err = xasprintf("pipe: %s", strerror(errno));
        free(text);
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        *err = xasprintf("fork: %s", strerror(errno));
        close(pipefd[0]);
        close(pipefd[1]);
        free(text);
        return -1;
    }
    if (!pid) {
        dup2(pipefd[0], STDIN_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        execlp(d->ofctl, d->ofctl, "--bundle", "add-flows", d->bridge, "-",
               (char *) NULL);
        fprintf(stderr, "ipxlat-pref64d: %s: %s\n", d->ofctl,
                strerror(errno));
        _exit(127);
    }
    close(pipefd[0]);
    /* A child that exits early must not kill the daemon with SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    len = strlen(text);
    for (off = 0; off < len;) {
        ssize_t n = write(pipefd[1], text + off, len - off);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        off += n;
    }
    close(pipefd[1]);
    free(text);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            *err = xasprintf("waitpid: %s", strerror(errno));
            return -1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        *err = xasprintf("%s --bundle add-flows %s failed (status %d)",
                         d->ofctl, d->bridge,
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

/* Frees the template held by 'd'. */
void
ovs_free(struct ovs_driver *d)
{
    for (int i = 0; i < d->n_lines; i++) {
        free(d->lines[i]);
    }
    free(d->lines);
    d->lines = NULL;
    d->n_lines = 0;
}
