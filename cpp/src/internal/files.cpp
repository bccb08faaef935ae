#include "internal/files.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "byline/errors.h"

namespace byline::internal {

std::uint64_t regular_file_size(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw ModelError("cannot open " + what + " '" + path + "': " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw ModelError(what + " '" + path + "' is a directory, not a file");
  if (!S_ISREG(st.st_mode))
    throw ModelError(what + " '" + path + "' is not a regular file (a pipe, socket or device is not read)");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes)
    throw ModelError(what + " '" + path + "' is " + std::to_string(size) + " bytes; the limit is " +
                     std::to_string(max_bytes));
  return size;
}

std::string read_regular_file(const std::string& path, std::uint64_t max_bytes, const std::string& what) {
  const std::uint64_t size = regular_file_size(path, max_bytes, what);
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ModelError("cannot open " + what + " '" + path + "'");
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !f.read(&bytes[0], static_cast<std::streamsize>(size)))
    throw ModelError("cannot read " + what + " '" + path + "'");
  // A file that grew since stat() is read up to its size then; one that shrank is an error above.
  return bytes;
}

}  // namespace byline::internal
