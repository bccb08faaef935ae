// DATE and TIME recogniser: absolute, relative, durations, anchoring.
#include <catch2/catch.hpp>

#include "byline/ner.h"
#include "rules_test_util.h"

using rules_test::temporal;
using V = std::vector<std::string>;

TEST_CASE("rules dates: sentences from the sample articles", "[rules]") {
  CHECK(temporal("The announcement, published on January 1, 2025, follows earlier statements") ==
        V{R"(DATE January 1, 2025 = "2025-01-01")"});
  CHECK(temporal("According to a December 30 post on the Kremlin’s official website", "2025-01-02") ==
        V{R"(DATE December 30 = "2024-12-30")"});
  CHECK(temporal("According to a December 30 post") == V{R"(DATE December 30 = "XXXX-12-30")"});
  CHECK(temporal("with a progress report expected by April 2025") == V{R"(DATE April 2025 = "2025-04")"});
  CHECK(temporal("Russia currently lags six to nine months behind the US") ==
        V{R"(DATE six to nine months = "P6M/P9M")"});
  CHECK(temporal("sent shockwaves through global markets last month as investors", "2025-02-10") ==
        V{R"(DATE last month = "2025-01")"});
}

TEST_CASE("rules dates: absolute", "[rules]") {
  CHECK(temporal("on Dec. 30, Putin said", "2025-01-02") == V{R"(DATE Dec. 30 = "2024-12-30")"});
  CHECK(temporal("on 30 December 2024") == V{R"(DATE 30 December 2024 = "2024-12-30")"});
  CHECK(temporal("on 2025-01-01 at") == V{R"(DATE 2025-01-01 = "2025-01-01")"});
  CHECK(temporal("in 2023 the bank") == V{R"(DATE 2023 = "2023")"});
  CHECK(temporal("in the 21st century") == V{R"(DATE the 21st century = "20")"});
  CHECK(temporal("in the 1990s") == V{R"(DATE the 1990s = "199")"});
  CHECK(temporal("on Monday, Dec. 30, 2024") == V{R"(DATE Monday, Dec. 30, 2024 = "2024-12-30")"});
  CHECK(temporal("the 1st of January") == V{R"(DATE 1st of January = "XXXX-01-01")"});
  CHECK(temporal("by early 2026") == V{R"(DATE early 2026 = "2026")"});
  CHECK(temporal("until the end of March") == V{R"(DATE the end of March = "XXXX-03")"});
  CHECK(temporal("in the first quarter of 2025") == V{R"(DATE the first quarter of 2025 = "2025-Q1")"});
  CHECK(temporal("Q4 2024 results") == V{R"(DATE Q4 2024 = "2024-Q4")"});
  CHECK(temporal("the third quarter of next year", "2025-01-02") ==
        V{R"(DATE the third quarter of next year = "2026-Q3")"});
  CHECK(temporal("the fourth quarter") == V{R"(DATE the fourth quarter = "XXXX-Q4")"});
  CHECK(temporal("in the first half of 2026") == V{R"(DATE the first half of 2026 = "2026-H1")"});
  CHECK(temporal("the second half of next year", "2025-01-02") ==
        V{R"(DATE the second half of next year = "2026-H2")"});
  CHECK(temporal("the first half of March") == V{R"(DATE the first half of March = "XXXX-03")"});
  CHECK(temporal("by mid-2025") == V{R"(DATE mid-2025 = "2025")"});
  CHECK(temporal("in mid-December", "2025-01-02") == V{R"(DATE mid-December = "2024-12")"});
  CHECK(temporal("since the mid-1990s") == V{R"(DATE mid-1990s = "199")"});
  SECTION("May and March alone need a preposition") {
    CHECK(temporal("It may rain. In May it rained.") == V{R"(DATE May = "XXXX-05")"});
  }
}

TEST_CASE("rules dates: relative and anchored", "[rules]") {
  const std::string d = "2025-01-02";  // a Thursday
  CHECK(temporal("next year", d) == V{R"(DATE next year = "2026")"});
  CHECK(temporal("last year", d) == V{R"(DATE last year = "2024")"});
  CHECK(temporal("this week", d) == V{R"(DATE this week = "2025-W01")"});
  CHECK(temporal("yesterday", d) == V{R"(DATE yesterday = "2025-01-01")"});
  CHECK(temporal("on Monday", d) == V{R"(DATE Monday = "2024-12-30")"});
  CHECK(temporal("last December", d) == V{R"(DATE last December = "2024-12")"});
  CHECK(temporal("two years ago", d) == V{R"(DATE two years ago = "2023")"});
  // OntoNotes: a preposition before a noun phrase stays outside, an adverb at the end is inside
  CHECK(temporal("three weeks after the talks", d) == V{R"(DATE three weeks = "P3W")"});
  CHECK(temporal("They met three weeks after.", d) == V{R"(DATE three weeks after = "P3W")"});
  CHECK(temporal("on New Year’s Eve", d) == V{R"(DATE New Year’s Eve = "2024-12-31")"});
  CHECK(temporal("over the past three years") == V{R"(DATE the past three years = "P3Y")"});
  CHECK(temporal("next year") == V{"DATE next year"});
}

TEST_CASE("rules dates: durations and times", "[rules]") {
  CHECK(temporal("for 34 months") == V{R"(DATE 34 months = "P34M")"});
  CHECK(temporal("a six-to-nine-month lag") == V{R"(DATE six-to-nine-month = "P6M/P9M")"});
  CHECK(temporal("a five-year plan") == V{R"(DATE five-year = "P5Y")"});
  CHECK(temporal("at 10:30 a.m. GMT") == V{R"(TIME 10:30 a.m. GMT = "T10:30Z")"});
  CHECK(temporal("at 3 p.m.") == V{R"(TIME 3 p.m. = "T15:00")"});
  CHECK(temporal("at 3pm") == V{R"(TIME 3pm = "T15:00")"});
  CHECK(temporal("for two hours") == V{R"(TIME two hours = "PT2H")"});
  CHECK(temporal("1.4 billion people in 83 countries") == V{});
}

TEST_CASE("rules dates: anchor parsing and odd input", "[rules]") {
  CHECK(byline::DateAnchor::parse("2025-01-02").valid());
  CHECK(byline::DateAnchor::parse("2025-01-02T10:00:00Z").day == 2);
  CHECK_FALSE(byline::DateAnchor::parse("2025-02-30").valid());
  CHECK_FALSE(byline::DateAnchor::parse("yesterday").valid());
  // ISO 8601 date-times and RFC 2822 dates: the day as written
  for (const char* s :
       {"2025-01-02", " 2025-01-02\n", "2025-01-02T10:00", "2025-01-02 10:00:00.123+01:00", "2025-01-02T23:59:60-0500",
        "2025-01-02t10:00:00z", "Thu, 02 Jan 2025 10:00:00 GMT", "Thu,  2 Jan 2025 10:00 +0000",
        "Thursday, 2 January 2025", "02 Jan 25 10:00:00 EST", "2 jan 2025", "Thu,02 Jan 2025",
        "Thu, 02 Jan 2025 10:00:00 +0000 (UTC)", "Thu, 02 Jan 2025 10:00:00 +0000 (Coordinated Universal Time)"}) {
    const auto a = byline::DateAnchor::parse(s);
    CHECK((a.year == 2025 && a.month == 1 && a.day == 2));
  }
  CHECK(byline::DateAnchor::parse("1 Jan 99").year == 1999);
  for (const char* s : {"",
                        "2025-01-02garbage",
                        "2025-01-02T",
                        "2025-01-02T24:00",
                        "2025-01-02T10:00+25:00",
                        "2025-01-02T10:00:00.Z",
                        "Thu, 02 Ja",
                        "Thu 02 Jan 2025",
                        "Foo, 02 Jan 2025",
                        "32 Jan 2025",
                        "02 Jan 202",
                        "02 Jan 2025 10:00:00 GMT x",
                        "02 Jan 2025 10:00:00.5",
                        "02 Jan 2025 10:00 Europe/Moscow",
                        "29 Feb 2025",
                        "2025-1-2",
                        "02/01/2025",
                        "Thu, 02 Jan 2025 10:00 UTC)",
                        "(UTC)",
                        "Thu,, 02 Jan 2025"})
    CHECK_FALSE(byline::DateAnchor::parse(s).valid());
  CHECK(temporal("next year", "garbage") == V{"DATE next year"});
  // an RFC 2822 weekday must be the date's (2 January 2025 is a Thursday)
  for (const char* s : {"Mon, 02 Jan 2025", "Monday, 2 January 2025 10:00 GMT", "Fri,02 Jan 2025"})
    CHECK_FALSE(byline::DateAnchor::parse(s).valid());
  CHECK(byline::DateAnchor::parse_error("Mon, 02 Jan 2025") == "2025-01-02 is a Thursday, not a Monday");
  CHECK(byline::DateAnchor::parse_error("sunday, 5 Jan 2025") == "");
  CHECK(byline::DateAnchor::parse_error("Thu, 02 Jan 2025 10:00 +0000") == "");
  CHECK(byline::DateAnchor::parse_error("2025-02-30").rfind("expected ", 0) == 0);
  CHECK(temporal("") == V{});
  CHECK(temporal("the the of of , last") == V{});
}

TEST_CASE("rules dates: Docs built from pre-tokenized words (all kinds 'word')", "[rules]") {
  byline::ConllDoc c;
  c.words = {"On", "Sunday", ",", "December", "30", ",", "2024", "he", "paid", "$", "5", "million", "in", "2010", "."};
  c.tags.assign(c.words.size(), "O");
  c.sentences = {{0, static_cast<std::uint32_t>(c.words.size())}};
  auto d = byline::conll_to_doc(c);
  CHECK(rules_test::describe(d, byline::find_temporal_entities(d)) ==
        V{R"(DATE Sunday , December 30 , 2024 = "2024-12-30")", R"(DATE 2010 = "2010")"});
  CHECK(rules_test::describe(d, byline::find_numeric_entities(d)) ==
        V{"CARDINAL 30 = 30", R"(MONEY $ 5 million = {"amount":5000000,"currency":"USD"})"});
}

TEST_CASE("rules dates: times, time zones, race and elapsed times", "[rules]") {
  using rules_test::temporal;
  using rules_test::temporal_values;
  CHECK(temporal("the launch was at 1922 UTC on Friday").front() == R"(TIME 1922 UTC = "T19:22Z")");
  CHECK(temporal_values("at 19:22 UTC") ==
        V{R"(TIME 19:22 UTC = {"timex":"T19:22Z","kind":"point","anchor":"text","zone":"UTC"})"});
  CHECK(temporal("at 10 a.m. local time") == V{R"(TIME 10 a.m. local time = "T10:00")"});
  CHECK(temporal("at 9 p.m. Moscow time") == V{R"(TIME 9 p.m. Moscow time = "T21:00")"});
  CHECK(temporal_values("She won in 2:14:04 on Sunday").front() ==
        R"(TIME 2:14:04 = {"timex":"PT2H14M4S","kind":"duration","anchor":"text"})");
  CHECK(temporal("a time of 1:59:40.2") == V{R"(TIME 1:59:40.2 = "PT1H59M40.2S")"});
  CHECK(temporal("the doors open at 18:30:00") == V{R"(TIME 18:30:00 = "T18:30:00")"});
  CHECK(temporal("in 1922 the party") == V{R"(DATE 1922 = "1922")"});  // a year without a zone
}

TEST_CASE("rules dates: weekends, seasons, fiscal years, sets, year ranges, computed holidays", "[rules]") {
  using rules_test::temporal;
  using rules_test::temporal_values;
  // 2025-01-08 is a Wednesday in ISO week 2
  CHECK(temporal("talks over the weekend", "2025-01-08") == V{R"(DATE the weekend = "2025-W01-WE")"});
  CHECK(temporal("talks this weekend", "2025-01-08") == V{R"(DATE this weekend = "2025-W02-WE")"});
  CHECK(temporal("talks last weekend", "2025-01-08") == V{R"(DATE last weekend = "2025-W01-WE")"});
  CHECK(
      temporal_values("talks this weekend", "2025-01-08") ==
      V{R"(DATE this weekend = {"timex":"2025-W02-WE","kind":"point","start":"2025-01-11","end":"2025-01-12","anchor":"document"})"});
  CHECK(temporal("this summer", "2025-02-03") == V{R"(DATE this summer = "2025-SU")"});
  CHECK(temporal("last summer", "2025-02-03") == V{R"(DATE last summer = "2024-SU")"});
  CHECK(temporal("last winter", "2025-02-03") == V{R"(DATE last winter = "2023-WI")"});
  CHECK(temporal("next spring", "2025-02-03") == V{R"(DATE next spring = "2025-SP")"});
  CHECK(
      temporal_values("in the summer of 2024") ==
      V{R"(DATE the summer of 2024 = {"timex":"2024-SU","kind":"point","start":"2024-06-01","end":"2024-08-31","anchor":"text"})"});
  CHECK(temporal("winter 2024").front() == R"(DATE winter 2024 = "2024-WI")");
  CHECK(temporal("prices fall 5 percent") == V{});  // "fall" the verb
  CHECK(temporal_values("profit in fiscal 2024") ==
        V{R"(DATE fiscal 2024 = {"timex":"2024","kind":"point","anchor":"text","fiscal":true})"});
  CHECK(temporal("FY2025 results").front() == R"(DATE FY2025 = "2025")");
  CHECK(temporal("the 2023 fiscal year") == V{R"(DATE the 2023 fiscal year = "2023")"});
  CHECK(temporal_values("meets every week") == V{R"(DATE every week = {"timex":"P1W","kind":"set","anchor":"text"})"});
  CHECK(temporal("every Monday") == V{R"(DATE every Monday = "XXXX-WXX-1")"});
  CHECK(temporal("every two years") == V{R"(DATE every two years = "P2Y")"});
  CHECK(temporal("published weekly") == V{R"(DATE weekly = "P1W")"});
  CHECK(
      temporal_values("the 2019-2020 season") ==
      V{R"(DATE 2019-2020 = {"timex":"2019/2020","kind":"range","start":"2019-01-01","end":"2020-12-31","anchor":"text"})"});
  CHECK(temporal("the 2019-20 season") == V{R"(DATE 2019-20 = "2019/2020")"});
  CHECK(temporal("Easter 2025") == V{R"(DATE Easter 2025 = "2025-04-20")"});
  CHECK(temporal("at Easter", "2024-03-01") == V{R"(DATE Easter = "2024-03-31")"});
  CHECK(temporal("on Thanksgiving", "2024-11-01") == V{R"(DATE Thanksgiving = "2024-11-28")"});
  CHECK(temporal("for several years") == V{R"(DATE several years = "PXY")"});
}

TEST_CASE("rules dates: ranges are one span, modifiers of durations are inside", "[rules]") {
  using rules_test::temporal;
  using rules_test::temporal_values;
  CHECK(
      temporal_values("from March to May 2024") ==
      V{R"(DATE March to May 2024 = {"timex":"2024-03/2024-05","kind":"range","start":"2024-03-01","end":"2024-05-31","anchor":"text"})"});
  CHECK(temporal("between 2019 and 2021") == V{R"(DATE between 2019 and 2021 = "2019/2021")"});
  CHECK(temporal("in 2019 - 2020") == V{R"(DATE 2019 - 2020 = "2019/2020")"});
  CHECK(temporal("December 2024 to January 2025") == V{R"(DATE December 2024 to January 2025 = "2024-12/2025-01")"});
  CHECK(temporal("from December to February 2025") == V{R"(DATE December to February 2025 = "2024-12/2025-02")"});
  CHECK(temporal("open Monday to Friday") == V{R"(DATE Monday to Friday = "XXXX-WXX-1/XXXX-WXX-5")"});
  CHECK(temporal("in 2019 to fund it") == V{R"(DATE 2019 = "2019")"});  // "to" then no date
  CHECK(temporal_values("for more than 50 years") ==
        V{R"(DATE more than 50 years = {"timex":"P50Y","kind":"duration","anchor":"text","open":"above"})"});
  CHECK(temporal("nearly two decades") == V{R"(DATE nearly two decades = "P20Y")"});
  CHECK(
      temporal_values("about three weeks ago", "2025-01-22") ==
      V{R"(DATE about three weeks ago = {"timex":"2025-W01","kind":"point","start":"2024-12-30","end":"2025-01-05","anchor":"document","approx":true})"});
}

TEST_CASE("rules dates: OntoNotes spans of ages, vague durations and decades", "[rules]") {
  // ages: "old" inside, the number alone after "aged"
  CHECK(temporal("Pierre Vinken, 61 years old, joined") == V{R"(DATE 61 years old = "P61Y")"});
  CHECK(temporal("a 22-year-old man") == V{R"(DATE 22-year-old = "P22Y")"});
  CHECK(temporal("six-month-olds sleep") == V{R"(DATE six-month-olds = "P6M")"});
  CHECK(temporal("She left school at the age of 16.") == V{R"(DATE the age of 16 = "P16Y")"});
  CHECK(temporal("at age 16") == V{R"(DATE age 16 = "P16Y")"});
  CHECK(temporal("The boy, aged 12, was hurt.") == V{R"(DATE 12 = "P12Y")"});
  CHECK(temporal("children aged 12 to 15") == V{R"(DATE 12 to 15 = "P12Y/P15Y")"});
  CHECK(temporal("Ice Age 4 opens") == V{});
  CHECK(temporal("a 22-hour-old strike") == V{});  // no age of clock units
  // a vague duration takes "ago", "earlier", "later" as a counted one does
  CHECK(temporal("a few years ago") == V{R"(DATE a few years ago = "PXY")"});
  CHECK(temporal("many years later") == V{R"(DATE many years later = "PXY")"});
  CHECK(temporal("in recent years") == V{R"(DATE recent years = "PXY")"});
  CHECK(temporal("a recent year") == V{});
  CHECK(temporal("for decades") == V{R"(DATE decades = "PXDE")"});
  CHECK(temporal("Decades of war left scars.") == V{R"(DATE Decades = "PXDE")"});
  CHECK(temporal("decades ago; centuries later") ==
        V{R"(DATE decades ago = "PXDE")", R"(DATE centuries later = "PXCE")"});
  // parts of the day: "night" joins the day, the others are a TIME of their own
  CHECK(temporal("The storm hit Sunday night.", "2025-01-08") == V{R"(TIME Sunday night = "2025-01-05TNI")"});
  CHECK(temporal("The summit ends tomorrow night.", "2025-01-08") == V{R"(TIME tomorrow night = "2025-01-09TNI")"});
  CHECK(temporal("Police said yesterday morning", "2025-01-08") ==
        V{R"(DATE yesterday = "2025-01-07")", R"(TIME morning = "2025-01-07TMO")"});
  CHECK(temporal("on Friday evening", "2025-01-08") ==
        V{R"(DATE Friday = "2025-01-10")", R"(TIME evening = "2025-01-10TEV")"});
  CHECK(temporal("Rebels attacked overnight.") == V{"TIME overnight"});
  CHECK(temporal("the overnight lending rate; an overnight success") == V{});
  CHECK(temporal("Saturday Night Live") == V{R"(DATE Saturday = "XXXX-WXX-6")"});
  CHECK(temporal("from Monday to Wednesday night", "2025-01-08") ==
        V{R"(DATE Monday to Wednesday = "2025-01-06/2025-01-08")"});
  CHECK(temporal("in the evening") == V{});
  // a year before 1800 after a preposition of time, not before a counted noun
  CHECK(temporal("He was born in 1738 and died in 1782.") == V{R"(DATE 1738 = "1738")", R"(DATE 1782 = "1782")"});
  CHECK(temporal("In 1492, Columbus sailed.") == V{R"(DATE 1492 = "1492")"});
  CHECK(temporal("in 1500 cases; 1500 people; a total of 1500; in 1500 km") == V{});
  CHECK(temporal("In 1776 we declared it; in 1666 there was a fire.") ==
        V{R"(DATE 1776 = "1776")", R"(DATE 1666 = "1666")"});
  // the article before "early", "late", "mid" belongs to the date
  CHECK(temporal("in the early 1980s") == V{R"(DATE the early 1980s = "198")"});
  CHECK(temporal("the late John Smith") == V{});
}

TEST_CASE("rules dates: ages and decades in words, one-token centuries, half years", "[rules]") {
  // an age by decade, the possessive inside (OntoNotes DATE); only after "in"
  CHECK(temporal("He was in his 40s when he moved.") == V{R"(DATE his 40s = "P40Y/P49Y")"});
  CHECK(temporal("She is in her late twenties.") == V{R"(DATE her late twenties = "P20Y/P29Y")"});
  CHECK(temporal("people in their mid-30s") == V{R"(DATE their mid-30s = "P30Y/P39Y")"});
  CHECK(temporal("girls in their teens") == V{R"(DATE their teens = "P13Y/P19Y")"});
  CHECK(temporal("his 40s were hard; in her car; in his 10s") == V{});
  // a decade of the 1900s in words or two digits, after "the"
  CHECK(temporal("The band peaked in the nineties.") == V{R"(DATE the nineties = "199")"});
  CHECK(temporal("It happened in the late eighties.") == V{R"(DATE the late eighties = "198")"});
  CHECK(temporal("music of the 90s; the late 60s") == V{R"(DATE the 90s = "199")", R"(DATE the late 60s = "196")"});
  CHECK(temporal("Temperatures were in the 40s; he shot in the 70s; the 20s") == V{});
  CHECK(temporal("in their twenties and thirties") == V{R"(DATE their twenties = "P20Y/P29Y")"});
  CHECK(temporal("Nineties music; the teens") == V{});
  // "19th-century" in one token
  CHECK(temporal("a 19th-century building") == V{R"(DATE 19th-century = "18")"});
  CHECK(temporal("a twenty-first-century idea") == V{R"(DATE twenty-first-century = "20")"});
  // a half year with its year
  CHECK(temporal("Revenue rose in H1 2024.") == V{R"(DATE H1 2024 = "2024-H1")"});
  CHECK(temporal("an H1 visa; H2 fuel") == V{});
  CHECK(temporal("in Q3 last year", "2024-06-15") == V{R"(DATE Q3 last year = "2023-Q3")"});
  // "the first half" alone has no value; of the year, the document's year
  CHECK(temporal("It lost money in the first half.") == V{"DATE the first half"});
  CHECK(temporal("Profit rose in the second half of the year.", "2024-06-15") ==
        V{R"(DATE the second half of the year = "2024-H2")"});
  CHECK(temporal("the first half of 2026") == V{R"(DATE the first half of 2026 = "2026-H1")"});
  CHECK(temporal("a first half-marathon; first half") == V{});
}

TEST_CASE("rules dates: a duration before or after a calendar point is one date", "[rules]") {
  CHECK(temporal("It rained a week before Christmas.", "2025-03-10") ==
        V{R"(DATE a week before Christmas = "2024-12-18")"});
  CHECK(temporal("He left two days after May 5, 2025.") == V{R"(DATE two days after May 5, 2025 = "2025-05-07")"});
  CHECK(temporal("two years after 2010; three months before March 2024") ==
        V{R"(DATE two years after 2010 = "2012")", R"(DATE three months before March 2024 = "2023-12")"});
  CHECK(temporal("a month after January 31, 2024") == V{R"(DATE a month after January 31, 2024 = "2024-02-29")"});
  // two dates when the day cannot be counted: no count, no year, a month from a year
  CHECK(temporal("days before Christmas") == V{R"(DATE days = "PXD")", R"(DATE Christmas = "XXXX-12-25")"});
  CHECK(temporal("two months after 2010") == V{R"(DATE two months = "P2M")", R"(DATE 2010 = "2010")"});
  // not a set, not a duration after "for", not before something that is no date
  CHECK(temporal("They met every week before Christmas 2024.").front().rfind("DATE every week", 0) == 0);
  CHECK(temporal("He worked there for 10 years before 2020.") ==
        V{R"(DATE 10 years = "P10Y")", R"(DATE 2020 = "2020")"});
  CHECK(temporal("Three weeks after the vote, they met.") == V{R"(DATE Three weeks = "P3W")"});
  // a comparative stays with the duration's own span only
  CHECK(temporal("more than a week before May 5, 2025") == V{R"(DATE a week before May 5, 2025 = "2025-04-28")"});
}

TEST_CASE("rules dates: OntoNotes spans found in a trial on news sentences", "[rules]") {
  // an age in apposition
  CHECK(temporal("The mayor, 58, said he would run.") == V{R"(DATE 58 = "P58Y")"});
  CHECK(temporal("John Smith, 45, of Leeds was hurt.") == V{R"(DATE 45 = "P45Y")"});
  CHECK(temporal("Scores were 3, 4, 5 and 6.") == V{});
  CHECK(temporal("In Paris, 58, 59 and 60 won.") == V{});
  CHECK(temporal("\"It was hard,\" said Li Wei, 61.") == V{R"(DATE 61 = "P61Y")"});
  CHECK(temporal("The winners were in Paris, 61. Scores: Smith, 61.") == V{});
  // a count left unsaid, and "a week" before a preposition
  CHECK(temporal("Hours after the blast, police came.") == V{R"(TIME Hours = "PTXH")"});
  CHECK(temporal("Just days before the vote, he quit.") == V{R"(DATE days = "PXD")"});
  CHECK(temporal("Years later, she returned.") == V{R"(DATE Years later = "PXY")"});
  CHECK(temporal("It took years to build.") == V{});
  CHECK(temporal("A week after his arrest, he spoke.") == V{R"(DATE A week = "P1W")"});
  // an approximator before a clock time; a weekday night after "last"
  CHECK(temporal("at about 11pm") == V{R"(TIME about 11pm = "T23:00")"});
  CHECK(temporal("Last Friday night, rebels attacked.", "2025-03-12") ==
        V{R"(TIME Last Friday night = "2025-03-07TNI")"});
  // earlier years after by/before/after
  CHECK(temporal("By 1799 the war was over; before 1776 it was a colony.") ==
        V{R"(DATE 1799 = "1799")", R"(DATE 1776 = "1776")"});
  CHECK(temporal("Prices rose by 1500 points.") == V{});
  // "the 1800s" is a hundred years, "the 2000s" a decade
  CHECK(temporal("in the 2000s") == V{R"(DATE the 2000s = "200")"});
  CHECK(rules_test::temporal_values("in the 1800s") ==
        V{R"(DATE the 1800s = {"timex":"18","kind":"point","start":"1800-01-01","end":"1899-12-31","anchor":"text"})"});
  CHECK(
      rules_test::temporal_values("in the 1810s") ==
      V{R"(DATE the 1810s = {"timex":"181","kind":"point","start":"1810-01-01","end":"1819-12-31","anchor":"text"})"});
}

TEST_CASE("rules dates: a weekday or month alone follows the tense of its clause", "[rules]") {
  const std::string d = "2025-03-10";  // a Monday
  CHECK(temporal("The deal was signed on Wednesday.", d) == V{R"(DATE Wednesday = "2025-03-05")"});
  CHECK(temporal("The deal will be signed on Wednesday.", d) == V{R"(DATE Wednesday = "2025-03-12")"});
  CHECK(temporal("On Friday, officials said talks failed.", d) == V{R"(DATE Friday = "2025-03-07")"});
  CHECK(temporal("Talks are scheduled for Friday.", d) == V{R"(DATE Friday = "2025-03-14")"});
  CHECK(temporal("He arrived on Monday.", d) == V{R"(DATE Monday = "2025-03-10")"});
  CHECK(temporal("The fair opened on Thursday and closes on Wednesday.", d) ==
        V{R"(DATE Thursday = "2025-03-06")", R"(DATE Wednesday = "2025-03-12")"});  // no cue in its clause: nearest
  CHECK(temporal("Unemployment fell in May.", d) == V{R"(DATE May = "2024-05")"});
  CHECK(temporal("Elections will be held in May.", d) == V{R"(DATE May = "2025-05")"});
  CHECK(temporal("He said it would happen in June.", d) == V{R"(DATE June = "2025-06")"});
  CHECK(temporal("Sales rose in January.", d) == V{R"(DATE January = "2025-01")"});
}

TEST_CASE("rules dates: a one-word comparative before a duration is a preposition", "[rules]") {
  CHECK(rules_test::temporal("spread over six to nine months") == V{R"(DATE six to nine months = "P6M/P9M")"});
  CHECK(rules_test::temporal("under two years") == V{R"(DATE two years = "P2Y")"});
}

TEST_CASE("rules dates: the document date stated in the text", "[rules]") {
  auto found = [](const std::string& text) {
    const auto d = rules_test::doc_of(text);
    const auto f = byline::find_document_date(d);
    return f.date + (f.how.empty() ? "" : " (" + f.how + ")");
  };
  CHECK(found("Putin orders AI push\n\nPublished: January 2, 2025 10:30 GMT\n\nThe Kremlin said last month that") ==
        "2025-01-02 (published line)");
  CHECK(found("Headline\n\nBy Jane Doe\nUpdated 3 Feb 2025\n\nText of the story.") == "2025-02-03 (published line)");
  CHECK(found("MOSCOW, Jan. 2, 2025 (Reuters) - Russia said on Monday that it would") == "2025-01-02 (dateline)");
  CHECK(found("Headline\n\nThursday, January 2, 2025\n\nRussia said on Monday that it would") ==
        "2025-01-02 (date line)");
  // not the article's date: a date in running text, a caption, a year-less dateline
  CHECK(found("Russia said on January 2, 2025 that it would build more plants.") == "");
  CHECK(found("Photo taken by a reporter in Moscow on March 3, 2024, during the visit\n\nText.") == "");
  CHECK(found("MOSCOW, Jan. 2 (Reuters) - Russia said") == "");
  CHECK(found("") == "");
  // the edges of the dateline and date-line checks (the date after a comma within the
  // paragraph's first 12 tokens, a bracket or dash after it before the sentence ends; a date
  // line's date starting within its first three tokens)
  CHECK(found("A B C D E F G H I J, Jan. 2, 2025 - x") == "2025-01-02 (dateline)");  // comma is the 11th token
  CHECK(found("A B C D E F G H I J K, Jan. 2, 2025 - x") == "");                     // the 12th
  CHECK(found("MOSCOW, Jan. 2, 2025 (Reuters)") == "2025-01-02 (dateline)");
  CHECK(found("MOSCOW, Jan. 2, 2025 -") == "2025-01-02 (dateline)");
  CHECK(found("MOSCOW, Jan. 2, 2025 said x - y") == "");  // no bracket or dash right after the date
  CHECK(found("Head\n\nUpdated: on Jan. 2, 2025\n\nText.") == "2025-01-02 (published line)");
  CHECK(found("Head\n\nOn Thursday, January 2, 2025\n\nText.") == "2025-01-02 (date line)");  // 3rd token
  CHECK(found("Head\n\nOn that same Thursday, January 2, 2025\n\nText.") == "");              // 4th token
}

TEST_CASE("rules dates: the document date's published line among the first and last tokens", "[rules]") {
  auto found = [](const std::string& text) { return byline::find_document_date(rules_test::doc_of(text)).date; };
  std::string body;  // 50 lines of 10 tokens: 500 tokens
  for (int k = 0; k < 50; ++k) body += "the cat sat on the mat and then it left .\n";
  const std::size_t kLine = body.size() / 50;
  const std::string line = "Last updated: Jan. 2, 2025\n";
  CHECK(found(line + body) == "2025-01-02");                    // token 0
  CHECK(found("Head\n \n\t\n" + line + body) == "2025-01-02");  // several newlines in one separator
  CHECK(found(body + line) == "2025-01-02");                    // among the last 100 tokens
  CHECK(found(body.substr(0, 20 * kLine) + line + body.substr(20 * kLine)) == "2025-01-02");  // token 200
  CHECK(found(body.substr(0, 35 * kLine) + line + body.substr(35 * kLine)) == "");            // token 350: neither
  CHECK(found(body.substr(0, 45 * kLine) + line + body.substr(45 * kLine)) == "2025-01-02");  // token 450
  // a cue that does not start its line, and one after a space-only gap, are not published lines
  CHECK(found("Head said Published: Jan. 2, 2025\n" + body) == "");
  CHECK(found(body.substr(0, kLine - 1) + " Published: Jan. 2, 2025 " + body.substr(kLine)) == "");
  // the first line start found wins, wherever the later ones are
  CHECK(found("Published: March 3, 2024\n" + body + "Updated: Jan. 2, 2025\n") == "2024-03-03");
}

TEST_CASE("rules dates: review cases (written years kept in ranges, zones, huge shifts)", "[rules]") {
  using rules_test::temporal;
  CHECK(temporal("from March 2019 to May 2020") == V{R"(DATE March 2019 to May 2020 = "2019-03/2020-05")"});
  for (const auto& s : temporal("open Monday to Friday", "2025-01-04"))  // never a year-long range
    CHECK(s.find("2024-01") == std::string::npos);
  CHECK(temporal("In 2015 PT Pertamina said") == V{R"(DATE 2015 = "2015")"});
  CHECK(temporal("the meeting at 1922 EST") == V{R"(TIME 1922 EST = "T19:22")"});
  CHECK(temporal("results for FY87") == V{R"(DATE FY87 = "1987")"});
  CHECK(temporal("built 3,000 years ago", "2025-01-04") == V{"DATE 3,000 years ago"});  // no calendar value
  CHECK(temporal("400000000 weeks ago", "2025-01-04") == V{R"(DATE 400000000 weeks ago = "P400000000W")"});
  CHECK(temporal("at 24:30 on") == V{});
  // relative dates that leave years 1..9999 get no value (never a 5-digit year or year 0)
  CHECK(temporal("last week, next week, next year, next January, this week", "9999-12-31") ==
        V{R"(DATE last week = "9999-W51")", "DATE next week", "DATE next year", "DATE next January", "DATE this week"});
  CHECK(temporal("last year, yesterday, today", "0001-01-01") ==
        V{"DATE last year", "DATE yesterday", R"(DATE today = "0001-01-01")"});
  for (const auto& s : rules_test::temporal_values("from next month to 2030, tomorrow", "9999-12-31"))
    CHECK(s.find("10000") == std::string::npos);
  CHECK(temporal("finished in 0:00:00") == V{R"(TIME 0:00:00 = "PT0S")"});
  const auto d = rules_test::doc_of("Date of birth: May 5, 1960\n\nHe spoke last month.");
  CHECK(byline::find_document_date(d).date.empty());
  CHECK(byline::find_document_date(rules_test::doc_of("Date: May 5, 2024\n\nText.")).date == "2024-05-05");
}

TEST_CASE("rules numbers: a code in one token is no range", "[rules]") {
  CHECK(rules_test::numeric("Call 555-1234 now") == V{});
  CHECK(rules_test::numeric("a Boeing 737-800 jet") == V{});
  CHECK(rules_test::numeric("a 10-20% fall").size() == 1);
}
