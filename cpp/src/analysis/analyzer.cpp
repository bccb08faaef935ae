// Analyzer: runs the analysis stages over one article (see byline/analysis.h and
// docs/analysis.md for the rules; the stages live in mentions.cpp, clusters.cpp, roles.cpp
// and quotes.cpp over the ArticleContext of analysis/context.h).
#include "analysis/context.h"
#include "byline/analysis.h"
#include "byline/tokenizer.h"
#include "internal/thread_pool.h"

namespace byline {

Analyzer::Analyzer(AnalyzerOptions options)
    : options_(std::move(options)),
      aliases_(options_.extra_aliases_path.empty() ? AliasTable::builtin()
                                                   : AliasTable::with_file(options_.extra_aliases_path)) {}

Analyzer::~Analyzer() = default;

ArticleAnalysis Analyzer::analyze(const Doc& doc) const {
  ArticleAnalysis out;
  out.entity_cluster.assign(doc.num_entities(), -1);
  out.entity_canonical.assign(doc.num_entities(), std::string());
  if (doc.empty()) return out;
  internal::analysis::ArticleContext s(doc, *aliases_);
  out.boilerplate = find_boilerplate(doc);
  for (const auto& g : out.boilerplate)
    for (std::uint32_t i = g.tok_begin; i < g.tok_end && i < s.size(); ++i) s.boiler[i] = 1;
  internal::analysis::extract_mentions(out, s);
  internal::analysis::build_clusters(out, s, options_.exclude_boilerplate);
  internal::analysis::find_roles(out, s, options_.exclude_boilerplate);
  internal::analysis::merge_roles(out);
  internal::analysis::find_quotes(out, s, options_.exclude_boilerplate);
  internal::analysis::find_speech(out, s, options_.exclude_boilerplate, options_.reported_speech, options_.speech_only);
  return out;
}

std::vector<ArticleAnalysis> Analyzer::analyze_batch(const std::vector<Doc>& docs, int num_threads) const {
  std::vector<ArticleAnalysis> out(docs.size());
  internal::parallel_for(docs.size(), resolve_num_threads(num_threads),
                         [&](std::size_t i) { out[i] = analyze(docs[i]); });
  return out;
}

std::vector<ArticleAnalysis> Analyzer::analyze_batch(const Doc* const* docs, std::size_t count, int num_threads) const {
  std::vector<ArticleAnalysis> out(count);
  internal::parallel_for(count, resolve_num_threads(num_threads), [&](std::size_t i) { out[i] = analyze(*docs[i]); });
  return out;
}

}  // namespace byline
