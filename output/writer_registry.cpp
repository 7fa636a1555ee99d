// The output formats, listed here once rather than registered by static initialisers: the order is
// the order their files are written. A new format is a file defining its writer and a function
// returning it, declared and listed below.
#include "output/writer.hpp"

namespace polku {

const Writer& indicators_csv_writer();
const Writer& summary_csv_writer();
const Writer& annual_csv_writer();
const Writer& budget_csv_writer();
const Writer& comparison_csv_writer();
const Writer& manifest_writer();
const Writer& results_xlsx_writer();
const Writer& report_html_writer();
const Writer& results_sqlite_writer();

const std::vector<const Writer*>& registered_writers() {
  static const std::vector<const Writer*> writers = {
      &indicators_csv_writer(),  //
      &summary_csv_writer(),     //
      &annual_csv_writer(),      //
      &budget_csv_writer(),      //
      &comparison_csv_writer(),  //
      &manifest_writer(),        //
      &results_xlsx_writer(),    //
      &report_html_writer(),     //
      &results_sqlite_writer(),  //
  };
  return writers;
}

}  // namespace polku
