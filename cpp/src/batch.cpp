#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "byline/tokenizer.h"
#include "internal/batch.h"
#include "internal/thread_pool.h"

namespace byline {

int resolve_num_threads(int requested) {
  if (requested < 0) throw std::invalid_argument("number of threads must be >= 0 (0 = all cores)");
  if (requested > 0) return requested;
  if (const char* env = std::getenv("BYLINE_PARALLELISM")) {
    std::string v(env);
    if (v == "0" || v == "false" || v == "FALSE" || v == "False" || v == "off") return 1;
  }
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::vector<Doc> tokenize_batch(const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
                                int num_threads) {
  int threads = resolve_num_threads(num_threads);
  std::vector<Doc> docs(texts.size());
  internal::parallel_for(texts.size(), threads,
                         [&](std::size_t i) { docs[i] = internal::tokenize_numbered(tokenizer, texts[i], i); });
  return docs;
}

}  // namespace byline
