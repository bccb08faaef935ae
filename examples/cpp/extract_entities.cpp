// Finds the entities of a UTF-8 text file with the byline C++ API (byline::Pipeline), as
// byline.load() does in Python: the default model package (en_news: $BYLINE_MODEL, else
// found under the install prefix or in the source tree) gives the tokenizer, the
// statistical recognizer and the entity ruler (dates, times, numbers, money, percentages,
// quantities with normalised values, and the package's GPE/LOC/NORP gazetteers). Prints a '#' summary line, then one
// tab-separated line per entity:
//
//   start  end  label  source  text  value
//
// start/end are code-point offsets into the file text (Python str indices), value is
// the normalised value as JSON ('' when there is none). An optional ISO date
// (e.g. the publication date) anchors relative and year-less dates.
//
//   extract_entities examples/articles/003_45d770aeda870f5f.txt 2025-01-02
//   BYLINE_MODEL=path/to/package extract_entities article.txt
#include <byline/byline.h>
#include <byline/pipeline.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::cerr << "usage: extract_entities FILE [DATE]   (DATE: 2025-01-02 or an RFC 2822 date)\n";
    return 2;
  }
  const std::string date = argc == 3 ? argv[2] : "";
  if (!date.empty() && !byline::DateAnchor::parse(date).valid()) {
    std::cerr << "extract_entities: not a date (ISO 8601 or RFC 2822): " << date << "\n";
    return 2;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(argv[1], ec)) {  // opens, and reads as empty
    std::cerr << "extract_entities: " << argv[1] << " is a directory\n";
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "extract_entities: cannot open " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream buf;
  buf << in.rdbuf();

  try {
    // Load once, share freely: a Pipeline is immutable and thread-safe.
    // Its meta.json lists every file with its sha256: a damaged package is a ModelError.
    // $BYLINE_MODEL when set (a package or a model file), else the default package.
    auto nlp = byline::load_default_pipeline();
    byline::DocOptions doc_options;
    doc_options.date = date;
    // Tokenizer, then the model (source "model"), then the rules (source "pattern" /
    // "gazetteer"), whose merge policy resolves overlaps.
    byline::Doc doc = nlp->process(buf.str(), doc_options);

    std::cout << "# byline " << byline::version() << ": " << doc.size() << " tokens, " << doc.num_entities()
              << " entities\n";
    const auto& begin = doc.token_begin();
    const auto& end = doc.token_end();
    for (const byline::Entity& e : doc.entities()) {
      std::string_view text(doc.text().data() + begin[e.tok_begin], end[e.tok_end - 1] - begin[e.tok_begin]);
      std::cout << doc.token_char_begin()[e.tok_begin] << '\t' << doc.token_char_end()[e.tok_end - 1] << '\t' << e.label
                << '\t' << byline::entity_source_name(e.source) << '\t' << text << '\t' << e.value << '\n';
    }
  } catch (const byline::Error& e) {
    std::cerr << "extract_entities: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
