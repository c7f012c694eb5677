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

#include "ipxlat-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
ipxl_out_of_memory(void)
{
    fprintf(stderr, "ipxlat: virtual memory exhausted\n");
    _exit(1);
}

void *
ipxl_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        ipxl_out_of_memory();
    }
    return p;
}

void *
ipxl_xzalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);

    if (!p) {
        ipxl_out_of_memory();
    }
    return p;
}

void *
ipxl_xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        ipxl_out_of_memory();
    }
    return p;
}

char *
ipxl_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(ipxl_xmalloc(n), s, n);
}

char *
ipxl_xvasprintf(const char *format, va_list args)
{
    va_list args2;
    int needed;
    char *s;

    va_copy(args2, args);
    needed = vsnprintf(NULL, 0, format, args);
    s = ipxl_xmalloc(needed + 1);
    vsnprintf(s, needed + 1, format, args2);
    va_end(args2);
    return s;
}

char *
ipxl_xasprintf(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    s = ipxl_xvasprintf(format, args);
    va_end(args);
    return s;
}

const char *
ipxl_strerror(int error)
{
    static __thread char buf[128];

    /* The XSI strerror_r() (this file does not define _GNU_SOURCE). */
    if (strerror_r(error, buf, sizeof buf)) {
        snprintf(buf, sizeof buf, "error %d", error);
    }
    return buf;
}
