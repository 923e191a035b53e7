/* Field validators for what a petitioner or an officer types: ID numbers,
 * phone numbers, names, free text, region codes. Each returns 0 if the value
 * is acceptable and -1 otherwise, with err set to XF_E_INVALID, the field
 * name the caller passed in and a Chinese message a user can act on.
 *
 * Validators check exact strings: trimming surrounding whitespace is the
 * caller's (the HTTP input layer's) job, so that what is stored is what was
 * checked. Where a value has one canonical spelling (ID numbers, phones) the
 * validator can write it into a caller buffer; store that, not the input. */
#ifndef XF_VALIDATE_H
#define XF_VALIDATE_H

#include <stddef.h>

#include "codes.h"
#include "date.h"
#include "error.h"

/* 18-digit 居民身份证号码 per GB 11643-1999: 6-digit address code whose
 * first two digits are a province (GB/T 2260 11–82, plus 83, which the
 * 港澳台居民居住证 numbers of Taiwan residents use), birth date YYYYMMDD that
 * is a real day in [1900-01-01, today], 3-digit sequence (odd = male), and
 * the ISO 7064 MOD 11-2 check character (0–9 or X; x is accepted and
 * normalised to X). The address code is not looked up in the current region
 * list: a number keeps the code of the county it was issued in, and counties
 * are renamed and merged. norm (may be NULL) receives the canonical 18
 * characters and a NUL. */
int	xf_validate_id_number(const char *field, const char *s, xf_date today,
	    char norm[19], xf_error *err);
/* Birth date and sex of a number that passed xf_validate_id_number (only its
 * shape is re-checked): XF_DATE_NONE / -1 for anything else. Sex uses the
 * GB/T 2261.1 codes: 1 男, 2 女. */
xf_date	xf_validate_id_birth(const char *id);
int	xf_validate_id_sex(const char *id);

/* A phone number at which a petitioner can be called back:
 *  - mobile: 1[3-9] and 9 more digits; a leading +86, 0086 or 86 and spaces
 *    or hyphens between digit groups are accepted ("+86 138-0013-8000");
 *    normalised to the 11 digits;
 *  - landline: area code 0 + 2 or 3 digits (010 and 02x are the 3-digit
 *    ones, every other area code has 4), optionally in parentheses, a
 *    separator or none, 7–8 digit subscriber number not starting with 0 or 1,
 *    optional extension after -, #, 转 or "ext" (1–6 digits); normalised to
 *    "0371-65432100" or "0371-65432100-123".
 * Service numbers (12345, 110, 95xxx, 400/800 numbers) are refused: they are
 * not a petitioner's own number. norm (may be NULL) gets the canonical form;
 * 24 bytes always suffice. */
#define XF_PHONE_NORM_MAX	24
int	xf_validate_phone(const char *field, const char *s, char *norm,
	    size_t normsz, xf_error *err);

/* Valid UTF-8 (shortest form, no surrogates, nothing above U+10FFFF), no
 * control characters (C0, DEL, C1, bidirectional overrides and isolates,
 * U+FFFE/U+FFFF) except \n, \r\n and \t when allow_newlines, and at most
 * max_chars code points. Empty text is valid: whether a field is required is
 * the caller's decision. */
int	xf_validate_utf8_text(const char *field, const char *s,
	    size_t max_chars, int allow_newlines, xf_error *err);

/* A person's name: 1–50 characters of letters (ASCII and Latin-1/Latin
 * Extended-A/B), CJK ideographs (including the extensions rare names need),
 * the separator dot of minority and foreign names (· U+00B7, ・ U+30FB) and
 * single spaces between words; at least one letter or ideograph. */
#define XF_NAME_MAX_CHARS	50
int	xf_validate_name(const char *field, const char *s, xf_error *err);

/* A GB/T 2260 code present in the region list; county_only requires a
 * county-level unit (see xf_codes_region_is_county). */
int	xf_validate_region(const xf_codes *codes, const char *field,
	    const char *code6, int county_only, xf_error *err);

/* Decodes one UTF-8 code point from s (at most n bytes) strictly as
 * xf_validate_utf8_text does. Returns its length in bytes (1–4) and stores
 * the code point, or 0 for an invalid or truncated sequence. Shared with
 * text.c so both agree on what a character is. */
size_t	xf_utf8_decode(const unsigned char *s, size_t n, unsigned int *cp);

#endif
