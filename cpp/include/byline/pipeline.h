// byline/pipeline.h — the entity pipeline as one object: tokenizer -> statistical
// recognizer -> entity ruler (numbers, dates, gazetteers, user patterns; merge policy).
//
//   byline::PipelineOptions options;
//   options.ruler.resource_dir = "resources/gazetteers";
//   auto nlp = byline::Pipeline::load("models/en_news/model.bin", options);
//   byline::DocOptions doc_options;
//   doc_options.date = "2025-01-02";                  // anchors "last month", "Monday"
//   byline::Doc doc = nlp->process(text, doc_options);
//   std::vector<byline::Doc> docs = nlp->process_batch(texts, /*num_threads=*/0);
//
// The C++ tool (`byline ner`) and the C++ example compose the stages through this class;
// tests/python/test_pipeline_parity.py checks that they give byline.load()'s entities.
//
// THREAD SAFETY: a Pipeline is immutable once made; process() and process_batch() are
// const and may be called from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/doc.h"
#include "byline/ner.h"
#include "byline/rules.h"
#include "byline/tokenizer.h"

namespace byline {

struct PipelineOptions {
  TokenizerOptions tokenizer;
  /// The rule stage after the model. With `rules` false there is none (the model only).
  bool rules = true;
  RulerOptions ruler;
};

/// Per-document options of Pipeline::process.
struct DocOptions {
  /// The article's date, ISO "yyyy-mm-dd", or "" for none: the anchor of relative and
  /// year-less dates. Anything else is an InputError naming the value.
  std::string date;
  /// Metadata copied into the Doc (Doc::set_meta) before the entity stages run.
  std::vector<std::pair<std::string, std::string>> meta;
};

class Pipeline {
 public:
  /// Loads the recognizer from `model_path` and builds the ruler from `options.ruler`.
  /// Throws ModelError / ConfigError as the stages do.
  static std::shared_ptr<const Pipeline> load(const std::string& model_path, const PipelineOptions& options = {});
  /// A pipeline over stages that already exist (`ruler` may be null: the model only).
  static std::shared_ptr<const Pipeline> create(std::shared_ptr<const EntityRecognizer> recognizer,
                                                std::shared_ptr<const EntityRuler> ruler,
                                                const TokenizerOptions& tokenizer = {});

  /// Tokenizes `text` and runs the recognizer, then the ruler.
  Doc process(std::string_view text, const DocOptions& options = {}) const;
  /// process() for each text on `num_threads` threads (0 = all cores; see
  /// resolve_num_threads). `options`: none, or one per text. Results in input order; the
  /// error of the first failing text (by index) is rethrown, naming "text i".
  std::vector<Doc> process_batch(const std::vector<std::string_view>& texts, int num_threads = 0,
                                 const std::vector<DocOptions>& options = {}) const;

  /// Every label the pipeline can produce: the model's (in the news schema), the
  /// ruler's built-in ones and those of user patterns and phrases; sorted, unique.
  std::vector<std::string> labels() const;

  const Tokenizer& tokenizer() const noexcept { return tokenizer_; }
  const std::shared_ptr<const EntityRecognizer>& recognizer() const noexcept { return recognizer_; }
  const std::shared_ptr<const EntityRuler>& ruler() const noexcept { return ruler_; }

  Pipeline(std::shared_ptr<const EntityRecognizer> recognizer, std::shared_ptr<const EntityRuler> ruler,
           const TokenizerOptions& tokenizer);

 private:
  void annotate(Doc& doc, const DocOptions& options) const;
  Tokenizer tokenizer_;
  std::shared_ptr<const EntityRecognizer> recognizer_;
  std::shared_ptr<const EntityRuler> ruler_;
};

}  // namespace byline
