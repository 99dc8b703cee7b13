"""Counts outcomes across every TRX file under a folder and prints 'N passed, N failed, N skipped'.

Exits non-zero when no TRX was written or nothing ran, so an empty run can never look green.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(folder: str) -> int:
    files = sorted(pathlib.Path(folder).rglob("*.trx"))
    passed = failed = skipped = 0
    for trx in files:
        for result in ET.parse(trx).getroot().iterfind(".//t:Results/t:UnitTestResult", NS):
            outcome = result.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "NotRunnable"):
                skipped += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    if not files:
        print(f"no TRX file under {folder}", file=sys.stderr)
        return 1
    if passed + failed == 0:
        print("no test ran", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
