# Finds RE2 (Debian: libre2-dev) and defines the imported target RE2::RE2. Prefers RE2's
# own CMake package where it is installed (newer RE2 releases ship one).
find_package(re2 CONFIG QUIET)
if(TARGET re2::re2)
  set(RE2_FOUND TRUE)
  if(NOT TARGET RE2::RE2)
    add_library(RE2::RE2 INTERFACE IMPORTED)
    set_target_properties(RE2::RE2 PROPERTIES INTERFACE_LINK_LIBRARIES re2::re2)
  endif()
  return()
endif()
find_path(RE2_INCLUDE_DIR NAMES re2/re2.h)
find_library(RE2_LIBRARY NAMES re2)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RE2 REQUIRED_VARS RE2_LIBRARY RE2_INCLUDE_DIR)
if(RE2_FOUND AND NOT TARGET RE2::RE2)
  add_library(RE2::RE2 UNKNOWN IMPORTED)
  set_target_properties(RE2::RE2 PROPERTIES
    IMPORTED_LOCATION "${RE2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${RE2_INCLUDE_DIR}")
endif()
mark_as_advanced(RE2_INCLUDE_DIR RE2_LIBRARY)
