#include "byline/pipeline.h"

#include <algorithm>
#include <set>
#include <utility>

#include "byline/errors.h"
#include "internal/batch.h"
#include "internal/thread_pool.h"

namespace byline {

Pipeline::Pipeline(std::shared_ptr<const EntityRecognizer> recognizer, std::shared_ptr<const EntityRuler> ruler,
                   const TokenizerOptions& tokenizer)
    : tokenizer_(tokenizer), recognizer_(std::move(recognizer)), ruler_(std::move(ruler)) {
  if (!recognizer_) throw ConfigError("a pipeline needs a recognizer");
}

std::shared_ptr<const Pipeline> Pipeline::create(std::shared_ptr<const EntityRecognizer> recognizer,
                                                 std::shared_ptr<const EntityRuler> ruler,
                                                 const TokenizerOptions& tokenizer) {
  return std::make_shared<const Pipeline>(std::move(recognizer), std::move(ruler), tokenizer);
}

std::shared_ptr<const Pipeline> Pipeline::load(const std::string& model_path, const PipelineOptions& options) {
  auto recognizer = EntityRecognizer::load(model_path);
  std::shared_ptr<const EntityRuler> ruler;
  if (options.rules) ruler = EntityRuler::create(options.ruler);
  return create(std::move(recognizer), std::move(ruler), options.tokenizer);
}

void Pipeline::annotate(Doc& doc, const DocOptions& options) const {
  for (const auto& [key, value] : options.meta) doc.set_meta(key, value);
  if (!options.date.empty()) {
    if (!DateAnchor::parse(options.date).valid())
      throw InputError("date must be an ISO date 'yyyy-mm-dd', not '" + options.date + "'");
    doc.set_meta("date", options.date);
  }
  recognizer_->annotate(doc);
  if (ruler_) ruler_->annotate(doc);
}

Doc Pipeline::process(std::string_view text, const DocOptions& options) const {
  Doc doc = tokenizer_.tokenize(text);
  annotate(doc, options);
  return doc;
}

std::vector<Doc> Pipeline::process_batch(const std::vector<std::string_view>& texts, int num_threads,
                                         const std::vector<DocOptions>& options) const {
  if (!options.empty() && options.size() != texts.size())
    throw std::invalid_argument("process_batch: " + std::to_string(options.size()) + " DocOptions for " +
                                std::to_string(texts.size()) + " texts");
  std::vector<Doc> docs(texts.size());
  static const DocOptions kNone;
  internal::parallel_for(texts.size(), resolve_num_threads(num_threads), [&](std::size_t i) {
    docs[i] = internal::tokenize_numbered(tokenizer_, texts[i], i);
    try {
      annotate(docs[i], options.empty() ? kNone : options[i]);
    } catch (const InputError& e) {
      throw InputError("text " + std::to_string(i) + ": " + e.what());
    }
  });
  return docs;
}

std::vector<std::string> Pipeline::labels() const {
  std::set<std::string> s;
  for (auto& l : recognizer_->labels()) s.insert(std::move(l));
  if (ruler_) {
    for (auto& l : ruler_->labels()) s.insert(std::move(l));
    for (auto& l : ruler_->user_labels()) s.insert(std::move(l));
  }
  return {s.begin(), s.end()};
}

}  // namespace byline
