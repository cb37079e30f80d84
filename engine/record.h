/*
** record.h: the low-level record format (fileformat2.html, "Record Format").
**
** A record is a header followed by a body.  The header starts with a
** varint giving the header's own total size in bytes (that varint
** included), followed by one varint "serial type" per column.  The body
** holds the column values back to back, each serial type telling how many
** bytes its value takes:
**
**   0 NULL (0 bytes)          5 int48 (6)        10, 11 reserved: invalid
**   1 int8 (1)                6 int64 (8)        N >= 12 even: blob of (N-12)/2
**   2 int16 (2)               7 IEEE float64 (8) N >= 13 odd:  text of (N-13)/2
**   3 int24 (3)               8 integer 0 (0)
**   4 int32 (4)               9 integer 1 (0)
**
** Integers are big-endian two's complement; floats big-endian IEEE 754.
** This layer knows bytes and serial types only: converting to and from
** values (the VM's Value) and comparing records belong to the VM.
**
** Invariants:
**   1. rec_parse_header never reads outside the nAvail bytes it is given
**      and rejects any header whose fields would extend past nRecord:
**      malformed input yields SQLITE_CORRUPT, never a crash (core.h 1).
**   2. rec_put_header writes exactly rec_header_size() bytes.
**   3. The serial type chosen for an integer is the smallest that holds it
**      (8 and 9 for 0 and 1, as schema format 4 allows).
*/
#ifndef ENGINE_RECORD_H
#define ENGINE_RECORD_H

#include "core.h"

/* Largest header size accepted when parsing (SQLite's own bound). */
#define REC_MAX_HEADER 98307

/* Byte length of a value of serial type st (0 for the reserved 10 and 11
** and for values whose length would exceed 0x7fffffff). */
u32 rec_serial_type_len(u64 st);
/* Nonzero unless st is 10 or 11 or describes a value longer than 2^31-1. */
int rec_serial_type_valid(u64 st);

/* Parses a record header.  p holds nAvail readable bytes (at least the
** header, or the record's local part if the caller has no more); nRecord
** is the record's total size.  Fills aType[i] (serial type) and aOffset[i]
** (byte offset of column i's value from the start of the record) for the
** first min(nField, nMax) columns and sets *pnField to the number of
** columns filled.  Columns beyond nMax are still validated.
** Returns SQLITE_OK, or SQLITE_CORRUPT when the header size is out of
** range, a varint runs past the header, a serial type is reserved, or a
** value would extend past nRecord.  *pnField is 0 on error. */
int rec_parse_header_ex(const u8 *p, int nAvail, i64 nRecord, int nMax, u64 *aType,
                        u32 *aOffset, int *pnField);
/* rec_parse_header_ex with nAvail == nRecord == n. */
int rec_parse_header(const u8 *p, int n, int nMax, u64 *aType, u32 *aOffset, int *pnField);

/* Reads an integer value of serial type st (1..6, 8, 9; 0 for others).
** p must hold rec_serial_type_len(st) bytes. */
i64 rec_get_int(const u8 *p, u64 st);
/* Reads a float64 (serial type 7) from 8 bytes at p. */
double rec_get_real(const u8 *p);

/* Serial type for an integer (invariant 3), a float, text and blob. */
u64 rec_int_serial_type(i64 v);
u64 rec_text_serial_type(u32 nByte);
u64 rec_blob_serial_type(u32 nByte);
#define REC_SERIAL_NULL 0
#define REC_SERIAL_REAL 7

/* Writes the value bytes of integer v for serial type st (as chosen by
** rec_int_serial_type or any wider integer type); returns bytes written. */
int rec_put_int(u8 *p, u64 st, i64 v);
/* Writes a float64 in 8 big-endian bytes; returns 8. */
int rec_put_real(u8 *p, double r);

/* Size of a header for nField columns of the given serial types, counting
** the leading header-size varint (invariant 2). */
int rec_header_size(const u64 *aType, int nField);
/* Writes that header at p; returns bytes written (== rec_header_size). */
int rec_put_header(u8 *p, const u64 *aType, int nField);
/* Total record size (header + body) for the given serial types. */
i64 rec_record_size(const u64 *aType, int nField);

#endif /* ENGINE_RECORD_H */
