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

#ifndef PCAP_FILE_H
#define PCAP_FILE_H 1

/* Classic libpcap capture files, read and written without libpcap.
 *
 * Reading accepts both byte orders and both the microsecond (0xa1b2c3d4)
 * and nanosecond (0xa1b23c4d) magics; timestamps are reported in
 * microseconds.  Writing produces microsecond files in the host's byte
 * order, which every pcap reader accepts.  pcapng files are recognised and
 * refused with a message that says how to convert them.
 *
 * Usage:
 *
 *     struct pcap_reader r;
 *     if (pcap_reader_open(&r, "in.pcap")) { puts(r.error); }
 *     while ((n = pcap_reader_next(&r, &rec, buf, sizeof buf)) > 0) {
 *         ...rec.caplen bytes of packet are in buf...
 *     }
 *     if (n < 0) { puts(r.error); }
 *     pcap_reader_close(&r);
 *
 * Neither reader nor writer allocates memory per packet: the caller
 * supplies the one packet buffer.  Each reader and writer is meant for one
 * thread at a time. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Link types (www.tcpdump.org/linktypes.html). */
#define PCAP_LINKTYPE_ETHERNET 1    /* Ethernet II, DLT_EN10MB. */
#define PCAP_LINKTYPE_RAW 101       /* Raw IPv4 or IPv6, DLT_RAW. */
#define PCAP_LINKTYPE_IPV4 228      /* Raw IPv4 only. */
#define PCAP_LINKTYPE_IPV6 229      /* Raw IPv6 only. */

/* Link-layer facts of PCAP_LINKTYPE_ETHERNET records. */
#define ETH_ADDR_LEN 6
#define ETH_HEADER_LEN 14           /* Destination, source, EtherType. */
#define VLAN_HEADER_LEN 4           /* TPID and TCI of one 802.1Q tag. */
#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_IPV6 0x86dd
#define ETH_TYPE_VLAN 0x8100        /* IEEE 802.1Q tag. */
#define ETH_TYPE_VLAN_8021AD 0x88a8 /* IEEE 802.1ad service tag. */

/* Largest record accepted on input; bigger ones mean a corrupt file. */
#define PCAP_MAX_CAPLEN 262144

/* Size of the global header and of each record header. */
#define PCAP_FILE_HEADER_LEN 24
#define PCAP_RECORD_HEADER_LEN 16

/* One packet record's header, in host byte order. */
struct pcap_record {
    uint32_t ts_sec;        /* Timestamp, seconds since the epoch. */
    uint32_t ts_usec;       /* Timestamp, microseconds (0...999999). */
    uint32_t caplen;        /* Bytes of packet stored in the file. */
    uint32_t origlen;       /* Bytes the packet had on the wire. */
};

/* A capture file open for reading. */
struct pcap_reader {
    FILE *file;             /* The open file. */
    const char *name;       /* File name, for messages. */
    bool swapped;           /* File byte order differs from the host's. */
    bool nsec;              /* Timestamps are in nanoseconds. */
    uint32_t snaplen;       /* Snapshot length from the global header. */
    uint32_t linktype;      /* Link type from the global header. */
    uint64_t offset;        /* Bytes consumed so far, for messages. */
    uint64_t n_records;     /* Records read so far. */
    char error[256];        /* Why the last call failed. */
};

/* A capture file open for writing. */
struct pcap_writer {
    FILE *file;             /* The open file. */
    const char *name;       /* File name, for messages. */
    uint64_t n_records;     /* Records written so far. */
    char error[256];        /* Why the last call failed. */
};

int pcap_reader_open(struct pcap_reader *, const char *file_name);
int pcap_reader_next(struct pcap_reader *, struct pcap_record *,
                     uint8_t *buf, size_t cap);
void pcap_reader_close(struct pcap_reader *);

int pcap_writer_open(struct pcap_writer *, const char *file_name,
                     uint32_t linktype, uint32_t snaplen);
int pcap_writer_write(struct pcap_writer *, const struct pcap_record *,
                      const uint8_t *data, size_t len);
int pcap_writer_close(struct pcap_writer *);

const char *pcap_linktype_name(uint32_t linktype);

#endif /* pcap-file.h */
