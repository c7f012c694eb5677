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

/* Rate limiting of the ICMP errors the translator originates.
 *
 * A token bucket shared by every thread that uses one config.  Tokens are
 * counted in millitokens: 'rate' tokens per second is exactly 'rate'
 * millitokens per millisecond, so refills lose nothing to rounding at any
 * rate.  The bucket holds at most 'burst' tokens; each error spends one.
 *
 * The bucket is lock-free: the refill claims the elapsed interval by moving
 * 'last_ms' forward with a compare-and-swap (so each millisecond is paid
 * out once, by one thread), and tokens are added and spent with
 * compare-and-swap loops.  Relaxed ordering suffices: the counters publish
 * no other data, and a thread that sees a refill a moment late only denies
 * an error it could have sent, which a rate limit may do. */

#include "ipxlat-xlat.h"

/* Adds the millitokens earned since rl->last_ms up to 'now_ms'.  A clock
 * that went backwards earns nothing and leaves 'last_ms' where it was, so
 * running the clock back and forth mints no tokens. */
static void
ratelimit_refill(struct ipxlat_ratelimit *rl, uint64_t now_ms)
{
    uint64_t cap = rl->burst * 1000;
    uint64_t last = atomic_load_explicit(&rl->last_ms, memory_order_relaxed);
    uint64_t elapsed, add, tokens;

    if (now_ms <= last
        || !atomic_compare_exchange_strong_explicit(&rl->last_ms, &last,
                                                    now_ms,
                                                    memory_order_relaxed,
                                                    memory_order_relaxed)) {
        /* Nothing earned, or another thread claimed this interval (and
         * pays it out). */
        return;
    }

    /* Saturate instead of multiplying into an overflow after a long idle
     * time: a full bucket is all anyone can earn. */
    elapsed = now_ms - last;
    add = elapsed >= cap / rl->rate + 1 ? cap : elapsed * rl->rate;

    tokens = atomic_load_explicit(&rl->tokens, memory_order_relaxed);
    for (;;) {
        uint64_t new_tokens = tokens >= cap || add >= cap - tokens
                              ? cap : tokens + add;

        if (new_tokens == tokens
            || atomic_compare_exchange_weak_explicit(&rl->tokens, &tokens,
                                                     new_tokens,
                                                     memory_order_relaxed,
                                                     memory_order_relaxed)) {
            return;
        }
    }
}

/* Returns true if one more translator ICMP error may be sent at 'now_ms'
 * (and spends a token for it), false if the error must be suppressed.
 * A rate of 0 means no limit.  Safe to call from any number of threads at
 * once. */
bool
ipxl_ratelimit_allow(struct ipxlat_ratelimit *rl, uint64_t now_ms)
{
    uint64_t tokens;

    if (!rl || !rl->rate) {
        return true;
    }

    ratelimit_refill(rl, now_ms);

    tokens = atomic_load_explicit(&rl->tokens, memory_order_relaxed);
    for (;;) {
        if (tokens < 1000) {
            return false;
        }
        if (atomic_compare_exchange_weak_explicit(&rl->tokens, &tokens,
                                                  tokens - 1000,
                                                  memory_order_relaxed,
                                                  memory_order_relaxed)) {
            return true;
        }
    }
}
