# Rule-based entities (rules.h): numeric and temporal recognisers, phrase lists,
# token patterns, merge policy, EntityRuler.
target_sources(byline PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/numbers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/calendar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dates.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dates_absolute.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dates_relative.cpp
  ${CMAKE_CURRENT_LIST_DIR}/times.cpp
  ${CMAKE_CURRENT_LIST_DIR}/doc_date.cpp
  ${CMAKE_CURRENT_LIST_DIR}/phrase_matcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/token_matcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/merge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ruler.cpp
)
