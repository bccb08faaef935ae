// Tokenizes a UTF-8 text file with the byline C++ API and prints its sentences,
// one per line, with tokens separated by " | ".
//
//   tokenize_file examples/articles/000_11915f40bc56dedd.txt
#include <byline/byline.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tokenize_file FILE\n";
    return 2;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(argv[1], ec)) {  // opens, and reads as empty
    std::cerr << "tokenize_file: " << argv[1] << " is a directory\n";
    return 1;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "tokenize_file: cannot open " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream buf;
  buf << in.rdbuf();

  try {
    byline::Tokenizer tokenizer;
    byline::Doc doc = tokenizer.tokenize(buf.str());
    std::cout << "byline " << byline::version() << ": " << doc.size() << " tokens, " << doc.sentences().size()
              << " sentences, " << doc.paragraphs().size() << " paragraphs\n";
    for (const byline::TokenRange& s : doc.sentences()) {
      for (std::uint32_t i = s.begin; i < s.end; ++i) std::cout << (i > s.begin ? " | " : "") << doc.token_text(i);
      std::cout << "\n";
    }
  } catch (const byline::Error& e) {
    std::cerr << "tokenize_file: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
