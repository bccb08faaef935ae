// byline — command-line front end of the C++ library.
//
//   byline tokenize FILE...       one JSON document (schema byline.doc/1) per line
//   byline --version
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "byline/byline.h"

namespace {

int usage(std::ostream& os, int code) {
  os << "usage: byline tokenize [--replace-invalid] FILE...\n"
        "       byline --version\n"
        "\n"
        "tokenize  print each file as one byline.doc/1 JSON line ('-' reads stdin)\n";
  return code;
}

std::string read_all(std::istream& in) {
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(std::cerr, 2);
  std::string cmd = argv[1];
  if (cmd == "--version") {
    std::cout << "byline " << byline::version() << "\n";
    return 0;
  }
  if (cmd == "-h" || cmd == "--help") return usage(std::cout, 0);
  if (cmd != "tokenize") {
    std::cerr << "byline: unknown command '" << cmd << "'\n";
    return usage(std::cerr, 2);
  }
  byline::TokenizerOptions opts;
  int first = 2;
  if (argc > 2 && std::strcmp(argv[2], "--replace-invalid") == 0) {
    opts.utf8 = byline::Utf8Policy::kReplace;
    first = 3;
  }
  if (first >= argc) return usage(std::cerr, 2);
  byline::Tokenizer tok(opts);
  int status = 0;
  for (int i = first; i < argc; ++i) {
    std::string path = argv[i];
    std::string text;
    if (path == "-") {
      text = read_all(std::cin);
    } else {
      std::ifstream f(path, std::ios::binary);
      if (!f) {
        std::cerr << "byline: cannot open '" << path << "'\n";
        status = 1;
        continue;
      }
      text = read_all(f);
    }
    try {
      byline::Doc doc = tok.tokenize(std::move(text));
      doc.set_meta("path", path);
      std::cout << doc.to_json() << "\n";
    } catch (const byline::Error& e) {
      std::cerr << "byline: " << path << ": " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}
