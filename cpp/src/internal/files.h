// Reading whole files safely (private): regular files only, size checked first.
#pragma once

#include <cstdint>
#include <string>

namespace byline::internal {

/// Largest model file load() reads (1 GiB; the shipped model is about 28 MB).
constexpr std::uint64_t kMaxModelFileBytes = std::uint64_t{1} << 30;
/// Largest pattern, phrase-list or gazetteer file read (256 MiB).
constexpr std::uint64_t kMaxListFileBytes = std::uint64_t{256} << 20;

/// The size of `path` if it is a regular file (following symlinks) of at most
/// `max_bytes`. Throws ModelError naming `what` and the path when it is missing, not a
/// regular file (a directory, FIFO, socket or device, which could block or never end),
/// or too large: so nothing is read or allocated for such a file.
std::uint64_t regular_file_size(const std::string& path, std::uint64_t max_bytes, const std::string& what);

/// The whole content of a regular file of at most `max_bytes` (see regular_file_size).
/// Throws ModelError when it cannot be read.
std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, const std::string& what);

}  // namespace byline::internal
