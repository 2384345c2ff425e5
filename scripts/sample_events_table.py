"""Print the sample article's per-event result as a Markdown table (for docs/EVALUATION.md).

Usage: .venv/bin/python scripts/sample_events_table.py
"""
from whimbrel.coder import Coder
from whimbrel.evaluate.runner import bundled_sample, run_sample
from whimbrel.evaluate.sample_gold import load_gold


def main() -> None:
    text, gold_path = bundled_sample()
    coder = Coder.load()
    result = run_sample(coder, gold_path, text)
    coded = {e.event_id: e for e in coder.code_text(text.read_text(), pub_date=None).events}
    print("| gold | type | dyad | gold modality | found | with modality | whimbrel's event (trigger, modality) |")
    print("|---|---|---|---|---|---|---|")
    for g in load_gold(gold_path)["events"]:
        r = result["per_event"][g["id"]]
        matched = [coded[i] for i in r["matched"] if i in coded]
        got = "; ".join(f"{e.event_type} {e.source.country}->{e.target.country if e.target else '-'} "
                        f"'{e.evidence.trigger}' {e.modality}" for e in matched[:1])
        kind = " (optional)" if g.get("optional") else ""
        print(f"| {g['id']}{kind} | {g['type']} | {g['source']}->{g['target'] or '-'} | {g['modality']} | "
              f"{'yes' if r['found'] else 'no'} | {'yes' if r['found_with_modality'] else 'no'} | {got} |")


if __name__ == "__main__":
    main()
