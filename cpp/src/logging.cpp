#include "byline/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>

#include "byline/errors.h"
#include "internal/log.h"

namespace byline {
namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::warn;
}

LogLevel from_spdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return LogLevel::kTrace;
    case spdlog::level::debug:
      return LogLevel::kDebug;
    case spdlog::level::info:
      return LogLevel::kInfo;
    case spdlog::level::warn:
      return LogLevel::kWarn;
    case spdlog::level::err:
    case spdlog::level::critical:
      return LogLevel::kError;
    default:
      return LogLevel::kOff;
  }
}

}  // namespace

LogLevel parse_log_level(const std::string& name) {
  std::string s = name;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "trace") return LogLevel::kTrace;
  if (s == "debug") return LogLevel::kDebug;
  if (s == "info") return LogLevel::kInfo;
  if (s == "warn" || s == "warning") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  if (s == "off" || s == "none") return LogLevel::kOff;
  throw ConfigError("unknown log level '" + name + "' (expected trace, debug, info, warn, error or off)");
}

namespace internal {

spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> instance;
  static std::once_flag once;
  std::call_once(once, [] {
    instance = std::make_shared<spdlog::logger>("byline", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    LogLevel level = LogLevel::kWarn;
    if (const char* env = std::getenv("BYLINE_LOG_LEVEL")) {
      try {
        level = parse_log_level(env);
      } catch (const ConfigError&) {
        instance->warn("ignoring BYLINE_LOG_LEVEL='{}': not a log level", env);
      }
    }
    instance->set_level(to_spdlog(level));
    instance->set_pattern("[byline] [%l] %v");
  });
  return *instance;
}

}  // namespace internal

void set_log_level(LogLevel level) { internal::logger().set_level(to_spdlog(level)); }

LogLevel get_log_level() { return from_spdlog(internal::logger().level()); }

}  // namespace byline
