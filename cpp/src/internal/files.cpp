#include "internal/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "byline/errors.h"

namespace byline::internal {

RegularFile::RegularFile(const std::string& path, std::uint64_t max_bytes, const std::string& what)
    : path_(path), what_(what) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw ModelError("cannot open " + what + " '" + path + "': " + std::strerror(errno));
  struct stat st{};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw ModelError("cannot read " + what + " '" + path + "': " + std::strerror(err));
  }
  std::string problem;
  if (S_ISDIR(st.st_mode)) {
    problem = what + " '" + path + "' is a directory, not a file";
  } else if (!S_ISREG(st.st_mode)) {
    problem = what + " '" + path + "' is not a regular file (a pipe, socket or device is not read)";
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    problem =
        what + " '" + path + "' is " + std::to_string(st.st_size) + " bytes; the limit is " + std::to_string(max_bytes);
  }
  if (!problem.empty()) {
    ::close(fd_);
    throw ModelError(problem);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  // A regular file never blocks; reads go on in blocking mode.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

void RegularFile::read(char* out, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd_, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw ModelError("cannot read " + what_ + " '" + path_ + "': " + std::strerror(errno));
    if (got == 0) throw ModelError("cannot read " + what_ + " '" + path_ + "': it ended early (it shrank)");
    out += got;
    n -= static_cast<std::size_t>(got);
  }
}

std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
  RegularFile f(path, max_bytes, what);
  std::string bytes(static_cast<std::size_t>(f.size()), '\0');
  if (!bytes.empty()) f.read(&bytes[0], bytes.size());
  return bytes;
}

std::string read_input_file(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
  try {
    return read_regular_file(path, max_bytes, what);
  } catch (const ModelError& e) {
    throw InputError(e.what());
  }
}

std::string read_config_file(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
  try {
    return read_regular_file(path, max_bytes, what);
  } catch (const ModelError& e) {
    throw ConfigError(e.what());
  }
}

bool path_exists(const std::string& path) noexcept {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string& path) noexcept {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace byline::internal
