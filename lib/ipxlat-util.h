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

#ifndef IPXLAT_UTIL_H
#define IPXLAT_UTIL_H 1

/* Small helpers shared by the engine's files.
 *
 * MIN() and MAX() may be used anywhere.  The allocation and string helpers
 * are for the config-time parts of the engine (never used per packet).  As
 * in Open vSwitch, the ipxl_x*() functions abort the program when memory
 * runs out instead of returning NULL, so callers need no error path for
 * it. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define MIN(A, B) ((A) < (B) ? (A) : (B))
#define MAX(A, B) ((A) > (B) ? (A) : (B))

/* Returns true for the white space of the config grammar and of EAM table
 * files: what isspace() accepts in the C locale (space, tab, newline,
 * vertical tab, form feed, carriage return), whatever the locale of the
 * process that the engine runs in. */
static inline bool
ipxl_isspace(char c)
{
    return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
            || c == '\f');
}

/* The engine is linked into Open vSwitch, which has xmalloc() and friends
 * of its own: these carry the library's internal prefix instead. */

void *ipxl_xmalloc(size_t) __attribute__((malloc));
void *ipxl_xzalloc(size_t) __attribute__((malloc));
void *ipxl_xrealloc(void *, size_t);
char *ipxl_xstrdup(const char *) __attribute__((malloc));
char *ipxl_xasprintf(const char *format, ...)
    __attribute__((format(printf, 1, 2), malloc));
char *ipxl_xvasprintf(const char *format, va_list)
    __attribute__((format(printf, 1, 0), malloc));
void ipxl_out_of_memory(void) __attribute__((noreturn));

/* Like strerror() but thread-safe: the text stays valid until the calling
 * thread calls it again. */
const char *ipxl_strerror(int error);

#endif /* ipxlat-util.h */
