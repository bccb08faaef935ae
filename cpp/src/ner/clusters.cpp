// Exchange word clustering from unlabelled text.
#include "byline/errors.h"
#include "byline/ner.h"

namespace byline {
void build_word_clusters(const std::string&, const std::string&, const ClusterOptions&) {
  throw ConfigError("build_word_clusters: not implemented yet");
}
}  // namespace byline
