/* libFuzzer harness for the two calendar parsers (JSON and iCalendar). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xf_calendar *cal = xf_calendar_new();
	xf_error err;
	int years[8];
	size_t ny;
	xf_date d;

	xf_calendar_load_json(cal, (const char *)data, size, &err);
	xf_calendar_load_ics(cal, (const char *)data, size, years, &ny, 8,
	    &err);
	/* Whatever loaded must answer queries without fault. */
	for (d = xf_date_from_ymd(2025, 1, 1); d < xf_date_from_ymd(2025, 1,
	    40); d++)
		(void)xf_calendar_day_kind(cal, d);
	free(xf_calendar_year_json(cal, 2025));
	xf_calendar_free(cal);
	return 0;
}
