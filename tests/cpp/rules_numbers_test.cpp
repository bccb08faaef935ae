// Numeric recognisers: CARDINAL ORDINAL PERCENT MONEY QUANTITY with values.
#include <catch2/catch.hpp>

#include "rules/numbers.h"
#include "rules_test_util.h"

using rules_test::numeric;
using V = std::vector<std::string>;

TEST_CASE("rules numbers: sentences from the sample articles", "[rules]") {
  CHECK(numeric("Russia currently ranks 31st out of 83 countries in AI implementation") ==
        V{"ORDINAL 31st = 31", "CARDINAL 83 = 83"});
  CHECK(numeric("And with 1.4 billion people generating untold streams of information daily") ==
        V{"CARDINAL 1.4 billion = 1400000000"});
  CHECK(numeric("Alexander Vedyakhin, Sberbank’s first deputy CEO") == V{"ORDINAL first = 1"});
}

TEST_CASE("rules numbers: cardinals from digits and words", "[rules]") {
  SECTION("digits") {
    CHECK(numeric("1,000.50 units") == V{"CARDINAL 1,000.50 = 1000.5"});
    CHECK(numeric("0.3 units") == V{"CARDINAL 0.3 = 0.3"});  // decimal rounding, not 0.30000000000000004
    CHECK(numeric("-3.5 points") == V{"CARDINAL -3.5 = -3.5"});
    CHECK(numeric("a 5bn plan") == V{"CARDINAL 5bn = 5000000000"});
  }
  SECTION("words") {
    CHECK(numeric("six companies") == V{"CARDINAL six = 6"});
    CHECK(numeric("twenty-five people") == V{"CARDINAL twenty-five = 25"});
    CHECK(numeric("one hundred and twenty people") == V{"CARDINAL one hundred and twenty = 120"});
    CHECK(numeric("three million users") == V{"CARDINAL three million = 3000000"});
    CHECK(numeric("the twenty-first attempt") == V{"ORDINAL twenty-first = 21"});
  }
  SECTION("years are left to DATE") {
    CHECK(numeric("in 2023 the bank") == V{});
    CHECK(numeric("2,000 people") == V{"CARDINAL 2,000 = 2000"});
  }
}

TEST_CASE("rules numbers: the pronoun one is no number", "[rules]") {
  CHECK(numeric("No one knows, and one must wait.") == V{});
  CHECK(numeric("It is a complex one. They cite one another.") == V{});
  CHECK(numeric("On the one hand, each one of them left; I like that one.") == V{});
  CHECK(numeric("One of the largest banks said one person died.") == V{"CARDINAL One = 1", "CARDINAL one = 1"});
  CHECK(numeric("His act is one which justifies it, not one that persists.") == V{});
  CHECK(numeric("Only one can win.") == V{"CARDINAL one = 1"});
  CHECK(numeric("One said he was scared; \"one told us\"") == V{});
  CHECK(numeric("Only one said yes.") == V{"CARDINAL one = 1"});
  CHECK(numeric("Two were hurt and one said he could not walk.") == V{"CARDINAL Two = 2", "CARDINAL one = 1"});
  CHECK(numeric("Of the 12 passengers, one told police.") == V{"CARDINAL 12 = 12", "CARDINAL one = 1"});
  // a noun after it: the number
  CHECK(numeric("Police said that one man was arrested.") == V{"CARDINAL one = 1"});
  CHECK(numeric("a crash in which one person died") == V{"CARDINAL one = 1"});
  CHECK(numeric("the one person who voted") == V{"CARDINAL one = 1"});
  CHECK(numeric("the one or two people") == V{"CARDINAL one = 1", "CARDINAL two = 2"});
  CHECK(numeric("the one million users") == V{"CARDINAL one million = 1000000"});
}

TEST_CASE("rules numbers: a range of percentages with the sign on both points is one span", "[rules]") {
  CHECK(numeric("Rates rose between 0.25% and 0.5%.") ==
        V{R"(PERCENT between 0.25% and 0.5% = {"min":0.25,"max":0.5})"});
  CHECK(numeric("Growth of 2% to 3% is expected.") == V{R"(PERCENT 2% to 3% = {"min":2,"max":3})"});
  CHECK(numeric("It fell 5% to 3%.") == V{"PERCENT 5% = 5", "PERCENT 3% = 3"});  // a fall, not a range
  CHECK(numeric("It rose 2% to 3%.") == V{"PERCENT 2% = 2", "PERCENT 3% = 3"});  // a change and its result
  CHECK(numeric("raised by two percentage points to 21 per cent") ==
        V{R"(PERCENT two percentage points = 2)", R"(PERCENT 21 per cent = 21)"});
}

TEST_CASE("rules numbers: a vague amount of a currency is MONEY", "[rules]") {
  CHECK(numeric("millions of dollars were lost") ==
        V{R"(MONEY millions of dollars = {"min":2000000,"max":9999999,"currency":"USD"})"});
  CHECK(numeric("thousands of people fled") == V{R"(CARDINAL thousands = {"min":2000,"max":9999,"approx":true})"});
}

TEST_CASE("rules numbers: South Asian scales", "[rules]") {
  CHECK(numeric("Rs 500 crore") == V{R"(MONEY Rs 500 crore = {"amount":5000000000,"currency":"INR"})"});
  CHECK(numeric("2 lakh rupees") == V{R"(MONEY 2 lakh rupees = {"amount":200000,"currency":"INR"})"});
}

TEST_CASE("rules numbers: money", "[rules]") {
  CHECK(numeric("a $5bn fund") == V{R"(MONEY $5bn = {"amount":5000000000,"currency":"USD"})"});
  CHECK(numeric("€20 million in aid") == V{R"(MONEY €20 million = {"amount":20000000,"currency":"EUR"})"});
  CHECK(numeric("US$ 5 each") == V{R"(MONEY US$ 5 = {"amount":5,"currency":"USD"})"});
  CHECK(numeric("£3.5m") == V{R"(MONEY £3.5m = {"amount":3500000,"currency":"GBP"})"});
  CHECK(numeric("10 billion roubles") == V{R"(MONEY 10 billion roubles = {"amount":10000000000,"currency":"RUB"})"});
  CHECK(numeric("50 cents") == V{R"(MONEY 50 cents = {"amount":0.5,"currency":"USD"})"});
  CHECK(numeric("profit of 100 mln dlrs") == V{R"(MONEY 100 mln dlrs = {"amount":100000000,"currency":"USD"})"});
  CHECK(numeric("5.5 billion stg") == V{R"(MONEY 5.5 billion stg = {"amount":5500000000,"currency":"GBP"})"});
  CHECK(numeric("USD 7") == V{R"(MONEY USD 7 = {"amount":7,"currency":"USD"})"});
  // capitalised currency words that are also names are not currencies
  CHECK(numeric("1 Real Madrid") == V{"CARDINAL 1 = 1"});
  CHECK(numeric("10 real") == V{R"(MONEY 10 real = {"amount":10,"currency":"BRL"})"});
  CHECK(numeric("3 Euros") == V{R"(MONEY 3 Euros = {"amount":3,"currency":"EUR"})"});
}

TEST_CASE("rules numbers: percentages and quantities", "[rules]") {
  CHECK(numeric("rose 15 per cent") == V{"PERCENT 15 per cent = 15"});
  CHECK(numeric("a 5% rise") == V{"PERCENT 5% = 5"});
  CHECK(numeric("by 2.5 percent") == V{"PERCENT 2.5 percent = 2.5"});
  CHECK(numeric("ten percent") == V{"PERCENT ten percent = 10"});
  CHECK(numeric("1.2 million barrels") == V{R"(QUANTITY 1.2 million barrels = {"amount":1200000,"unit":"bbl"})"});
  CHECK(numeric("300 km") == V{R"(QUANTITY 300 km = {"amount":300,"unit":"km"})"});
  CHECK(numeric("40 square kilometres") == V{R"(QUANTITY 40 square kilometres = {"amount":40,"unit":"km"})"});
}

TEST_CASE("rules numbers: total on odd input", "[rules]") {
  CHECK(numeric("") == V{});
  CHECK(numeric("$") == V{});
  CHECK(numeric("hundred million") == V{});
  CHECK(numeric("10:30 1/2 6-4 2025-01-01") == V{});
  std::string big(100000, '9');
  CHECK(numeric(big).size() == 1);
}

TEST_CASE("rules numbers: modifiers are inside the span and in the value", "[rules]") {
  SECTION("approximators") {
    CHECK(numeric("about 7000 people") == V{R"(CARDINAL about 7000 = {"value":7000,"approx":true})"});
    CHECK(numeric("some 300 troops") == V{R"(CARDINAL some 300 = {"value":300,"approx":true})"});
    CHECK(numeric("an estimated 40,000 people") ==
          V{R"(CARDINAL an estimated 40,000 = {"value":40000,"approx":true})"});
    CHECK(numeric("50 or so people") == V{R"(CARDINAL 50 or so = {"value":50,"approx":true})"});
    CHECK(numeric("roughly $5 billion") ==
          V{R"(MONEY roughly $5 billion = {"amount":5000000000,"currency":"USD","approx":true})"});
  }
  SECTION("comparatives") {
    CHECK(numeric("more than 50 firms") == V{R"(CARDINAL more than 50 = {"min":50,"open":"above"})"});
    CHECK(numeric("at least 12 people") == V{R"(CARDINAL at least 12 = {"min":12,"open":"above","inclusive":true})"});
    CHECK(numeric("up to 40,000 soldiers") ==
          V{R"(CARDINAL up to 40,000 = {"max":40000,"open":"below","inclusive":true})"});
    CHECK(numeric("fewer than 10 cases") == V{R"(CARDINAL fewer than 10 = {"max":10,"open":"below"})"});
    CHECK(numeric("nearly 20 percent") == V{R"(PERCENT nearly 20 percent = {"max":20,"approx":true,"open":"below"})"});
    CHECK(numeric("over 100 km") == V{R"(QUANTITY over 100 km = {"min":100,"unit":"km","open":"above"})"});
    CHECK(numeric("100 or more people") == V{R"(CARDINAL 100 or more = {"min":100,"open":"above","inclusive":true})"});
    CHECK(numeric("in excess of £2m") ==
          V{R"(MONEY in excess of £2m = {"min":2000000,"currency":"GBP","open":"above"})"});
  }
  SECTION("ordinals take no modifier") { CHECK(numeric("about first place") == V{"ORDINAL first = 1"}); }
}

TEST_CASE("rules numbers: ranges are one span", "[rules]") {
  CHECK(numeric("between 10 and 20 percent of voters") ==
        V{R"(PERCENT between 10 and 20 percent = {"min":10,"max":20})"});
  CHECK(numeric("10 to 20 people") == V{R"(CARDINAL 10 to 20 = {"min":10,"max":20})"});
  CHECK(numeric("10 to 20 million people") == V{R"(CARDINAL 10 to 20 million = {"min":10000000,"max":20000000})"});
  CHECK(numeric("a 10-20% fall") == V{R"(PERCENT 10-20% = {"min":10,"max":20})"});
  CHECK(numeric("$5-10 billion") ==
        V{R"(MONEY $5-10 billion = {"min":5000000000,"max":10000000000,"currency":"USD"})"});
  // the symbol repeated, the percent sign on both points, in one token
  CHECK(numeric("Tickets cost $5-$10 at the door.") == V{R"(MONEY $5-$10 = {"min":5,"max":10,"currency":"USD"})"});
  CHECK(numeric("Inflation will be 3%-4% next year.") == V{R"(PERCENT 3%-4% = {"min":3,"max":4})"});
  CHECK(numeric("a 3%-4 score") == V{});
  // a temperature in one token
  CHECK(numeric("Temperatures hit 40C; it was 104F, then 40\u00B0C and -5\u00B0C, or 12\u00B0.") ==
        V{R"(QUANTITY 40C = {"amount":40,"unit":"celsius"})", R"(QUANTITY 104F = {"amount":104,"unit":"fahrenheit"})",
          R"(QUANTITY 40°C = {"amount":40,"unit":"celsius"})", R"(QUANTITY -5°C = {"amount":-5,"unit":"celsius"})",
          R"(QUANTITY 12° = {"amount":12,"unit":"degree"})"});
  CHECK(numeric("Room 40C; seat 16F; the B52F") == V{});
  // a fraction in words is one CARDINAL with its value
  CHECK(numeric("Two-thirds of voters agreed to a two-thirds majority.") ==
        V{"CARDINAL Two-thirds = 0.6666666666666666", "CARDINAL two-thirds = 0.6666666666666666"});
  CHECK(numeric("one-half; three-quarters") == V{"CARDINAL one-half = 0.5", "CARDINAL three-quarters = 0.75"});
  CHECK(numeric("a one-third stake in a 30-year-old firm") == V{"CARDINAL one-third = 0.3333333333333333"});
  // "up" of a verb of movement is no bound: "ticked up to 4.2%"
  CHECK(numeric("Unemployment ticked up to 4.2% in May.") == V{"PERCENT 4.2% = 4.2"});
  CHECK(numeric("The forecast was revised up to 3%.") == V{"PERCENT 3% = 3"});
  CHECK(numeric("Voters can pick up to three candidates.") ==
        V{R"(CARDINAL up to three = {"max":3,"open":"below","inclusive":true})"});
  CHECK(numeric("Prices rose by up to 4%.") == V{R"(PERCENT up to 4% = {"max":4,"open":"below","inclusive":true})"});
  // a lower-case "m" is metres before a word of distance or direction, else millions
  CHECK(numeric("The house stood 500m away from the river.") == V{R"(QUANTITY 500m = {"amount":500,"unit":"m"})"});
  CHECK(numeric("a 30m high wall, 200m north of the road") ==
        V{R"(QUANTITY 30m = {"amount":30,"unit":"m"})", R"(QUANTITY 200m = {"amount":200,"unit":"m"})"});
  CHECK(numeric("500m people from Asia") == V{"CARDINAL 500m = 500000000"});
  CHECK(numeric("The firm fell 20m short of its target; 300M away") ==
        V{"CARDINAL 20m = 20000000", "CARDINAL 300M = 300000000"});
  CHECK(numeric("$5 to $10 each") == V{R"(MONEY $5 to $10 = {"min":5,"max":10,"currency":"USD"})"});
  CHECK(numeric("3 to 4 km") == V{R"(QUANTITY 3 to 4 km = {"min":3,"max":4,"unit":"km"})"});
  // not ranges: a score, a falling pair, years
  CHECK(numeric("won 3 to 1") == V{"CARDINAL 3 = 3", "CARDINAL 1 = 1"});
}

TEST_CASE("rules numbers: signs and vague amounts", "[rules]") {
  CHECK(numeric("fell -2.5% on Monday") == V{"PERCENT -2.5% = -2.5"});
  CHECK(numeric("was \xE2\x88\x92"
                "0.3 percent") == V{"PERCENT \xE2\x88\x92"
                                    "0.3 percent = -0.3"});
  CHECK(numeric("minus 5 degrees") == V{R"(QUANTITY minus 5 degrees = {"amount":-5,"unit":"degree"})"});
  CHECK(numeric("a loss of -$5 million") == V{R"(MONEY -$5 million = {"amount":-5000000,"currency":"USD"})"});
  CHECK(numeric("minus $5 million") == V{R"(MONEY minus $5 million = {"amount":-5000000,"currency":"USD"})"});
  CHECK(numeric("a 10 - 5 vote") == V{"CARDINAL 10 = 10", "CARDINAL 5 = 5"});  // a dash with spaces is no sign
  CHECK(numeric("thousands of people") == V{R"(CARDINAL thousands = {"min":2000,"max":9999,"approx":true})"});
  CHECK(numeric("tens of thousands of people") ==
        V{R"(CARDINAL tens of thousands = {"min":20000,"max":99999,"approx":true})"});
  CHECK(numeric("dozens were hurt") == V{R"(CARDINAL dozens = {"min":24,"max":143,"approx":true})"});
}

TEST_CASE("rules numbers: the start filter lets every possible start through", "[rules]") {
  using byline::internal::rules::cannot_start_numeric;
  // numbers, signs, currency symbols and codes, number words in any case, hyphenated
  // compounds and one-token ranges, "minus" and the vague amounts
  for (const char* t : {"5",
                        "2025",
                        "-3.5",
                        ".5",
                        "+2",
                        "'90s",
                        "\xE2\x80\x99"
                        "67",
                        "$",
                        "US$",
                        "USD",
                        "\xE2\x82\xAC",
                        "-",
                        "+",
                        "\xE2\x88\x92",
                        "minus",
                        "Minus",
                        "tens",
                        "Dozens",
                        "hundreds",
                        "THOUSANDS",
                        "millions",
                        "billions",
                        "three",
                        "Seventeen",
                        "twenty",
                        "hundred",
                        "thousand",
                        "Million",
                        "billion",
                        "first",
                        "Twentieth",
                        "dozen",
                        "twenty-five",
                        "10-20",
                        "well-known",
                        "one"})
    CHECK_FALSE(cannot_start_numeric(t));
  for (const char* t : {"C$", "A$", "HK$", "EUR", "\xC2\xA3", "\xE2\x82\xB9"}) CHECK_FALSE(cannot_start_numeric(t));
  for (const char* t : {"Reuters", "company", "Moscow", "percentage", "of", "in", ",", ".", "(", "%", "is", "a", "an"})
    CHECK(cannot_start_numeric(t));
  // what it turns away starts nothing
  CHECK(numeric("Reuters company Moscow, of (in) is %") == V{});
  CHECK(numeric("in C$5 and HK$ 10, of \u00A33") == V{R"(MONEY C$5 = {"amount":5,"currency":"CAD"})",
                                                      R"(MONEY HK$ 10 = {"amount":10,"currency":"HKD"})",
                                                      R"(MONEY £3 = {"amount":3,"currency":"GBP"})"});
  CHECK(numeric("Moscow minus 5 degrees") == V{R"(QUANTITY minus 5 degrees = {"amount":-5,"unit":"degree"})"});
}

TEST_CASE("rules numbers: numeric_may_start (the ruler's one-pass filter) is !cannot_start_numeric", "[rules]") {
  using byline::internal::rules::cannot_start_numeric;
  using byline::internal::rules::has_hyphen;
  using byline::internal::rules::looks_numeric;
  const auto& filter = byline::internal::rules::numeric_start_filter();
  for (std::string_view t :
       {"",           "5",       "-3.5",          "'90s",  "$",        "US$",   "USD",         "\xE2\x82\xAC",
        "-",          "+",       "\xE2\x88\x92",  "minus", "Dozens",   "three", "twenty-five", "10-20",
        "well-known", "Reuters", "company",       "The",   "It",       "of",    ",",           "(",
        "%",          "a",       "\xE2\x80\x99s", "Mr.",   "Twentieth"})
    CHECK(byline::internal::rules::numeric_may_start(t, looks_numeric(t), has_hyphen(t, t.data() + t.size()), filter) ==
          !cannot_start_numeric(t));
}
