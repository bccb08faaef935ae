// byline/logging.h — library logging, quiet by default.
//
//   byline::set_log_level(byline::LogLevel::kInfo);
//
// byline logs through its own named spdlog logger "byline" to stderr and never to
// stdout; spdlog stays out of the public headers. The initial level comes from the
// environment variable BYLINE_LOG_LEVEL (trace, debug, info, warn, error, off);
// the default is warn.
#pragma once

#include <string>

namespace byline {

enum class LogLevel { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

void set_log_level(LogLevel level);
LogLevel get_log_level();

/// Parses "trace" | "debug" | "info" | "warn" | "error" | "off" (case-insensitive).
/// Throws ConfigError for anything else.
LogLevel parse_log_level(const std::string& name);

}  // namespace byline
