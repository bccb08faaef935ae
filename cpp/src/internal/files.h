// Reading whole files safely (private): regular files only, size checked first.
#pragma once

#include <cstdint>
#include <string>

namespace byline::internal {

/// Largest model file load() reads (1 GiB; the shipped model is about 21 MB).
constexpr std::uint64_t kMaxModelFileBytes = std::uint64_t{1} << 30;
/// Largest pattern, phrase-list, gazetteer or alias file read (256 MiB).
constexpr std::uint64_t kMaxListFileBytes = std::uint64_t{256} << 20;

/// A regular file open for reading. The path is opened without blocking (O_NONBLOCK)
/// and the open descriptor is checked (fstat), so a directory, FIFO, socket or device,
/// even one swapped in after an earlier check, is refused and never read from.
/// Throws ModelError naming `what` and the path: missing, not a regular file, larger
/// than `max_bytes`, unreadable, or ending before its size.
class RegularFile {
 public:
  RegularFile(const std::string& path, std::uint64_t max_bytes, const std::string& what);
  ~RegularFile();
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  std::uint64_t size() const noexcept { return size_; }
  /// Reads the next `n` bytes into `out`.
  void read(char* out, std::size_t n);

 private:
  int fd_ = -1;
  std::string path_, what_;
  std::uint64_t size_ = 0;
};

/// The whole content of a regular file of at most `max_bytes` (see RegularFile).
std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, const std::string& what);

/// read_regular_file for data files (CoNLL, clusters, gazetteers, alias lists): the same
/// checks, reported as InputError instead of ModelError.
std::string read_input_file(const std::string& path, std::uint64_t max_bytes, const std::string& what);

/// read_regular_file for files the user configures (patterns, phrase lists): the same
/// checks, reported as ConfigError.
std::string read_config_file(const std::string& path, std::uint64_t max_bytes, const std::string& what);

/// Whether something exists at `path` (following symlinks), without opening it.
bool path_exists(const std::string& path) noexcept;
/// Whether `path` names a directory (following symlinks).
bool is_directory(const std::string& path) noexcept;

}  // namespace byline::internal
