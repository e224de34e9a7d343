package io.ltvstream.core.features;

/**
 * One row of a market calendar file.
 *
 * @param date ISO date (yyyy-MM-dd)
 * @param holiday the holiday's name, or null when the day is only a promotion day
 * @param promotion whether a promotion runs that day
 * @param region the region the row applies to (lower case), or null for every region
 */
public record CalendarDay(String date, String holiday, boolean promotion, String region) {}
