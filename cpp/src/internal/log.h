// Private access to the "byline" spdlog logger. Never include from public headers.
#pragma once

#include <spdlog/logger.h>

namespace byline::internal {
/// The library's named logger (created once; level from BYLINE_LOG_LEVEL).
spdlog::logger& logger();
}  // namespace byline::internal
