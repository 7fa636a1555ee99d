#include "output/csv.hpp"

#include <stdexcept>

namespace polku {

void append_csv_field(std::string& line, std::string_view field) {
  // A spreadsheet would run a text cell starting with one of these as a formula; a leading
  // apostrophe keeps it text (OWASP's advice on CSV injection).
  const bool formula_like =
      !field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos;
  const std::string_view guard = formula_like ? "'" : "";
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += guard;
    line += field;
    return;
  }
  line += '"';
  line += guard;
  for (const char c : field) {
    if (c == '"') {
      line += '"';
    }
    line += c;
  }
  line += '"';
}

void append_csv_key(std::string& line, std::string_view scenario_field, std::string_view period,
                    std::string_view area) {
  line += scenario_field;
  line += ',';
  line += period;
  line += ',';
  append_csv_field(line, area);
  line += ',';
}

void flush_csv(std::string& buffer, std::ostream& out, std::string_view file) {
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.clear();
  if (!out) {
    throw std::runtime_error("cannot write " + std::string(file) + ": output stream failed");
  }
}

}  // namespace polku
