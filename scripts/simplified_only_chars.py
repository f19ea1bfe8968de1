"""Write tests/hant/simplified_only.txt: characters that exist only in simplified Chinese.

Read from OpenCC's own STCharacters dictionary (simplified -> its traditional candidates), as
shipped in the pinned ``opencc`` wheel: a character is simplified-only when none of its
candidates is itself (发 -> 發 髮), and is kept out when it is also a traditional character
(里 -> 裏 里 哩; 台 -> 臺 檯 颱 台) or the standard form in Taiwan (群: 羣 in the dictionary, 群 in
Taiwan, as ``s2tw`` writes it). Run again after upgrading opencc.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "hant" / "simplified_only.txt"


def main():
    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "st.txt"
        subprocess.run([clib / "bin" / "opencc_dict", "-i", clib / "share" / "opencc" / "STCharacters.ocd2",
                        "-o", text, "-f", "ocd2", "-t", "text"], check=True,
                       env={**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")})
        taiwan = opencc.OpenCC("s2tw")
        chars = []
        for line in text.read_text("utf-8").splitlines():
            simplified, candidates = line.split("\t")
            if (len(simplified) == 1 and simplified not in candidates.split()
                    and taiwan.convert(simplified) != simplified):
                chars.append(simplified)
    OUT.write_text(f"# {len(chars)} simplified-only characters, from OpenCC {opencc.__version__} "
                   "STCharacters (scripts/simplified_only_chars.py)\n" + "".join(sorted(chars)) + "\n", "utf-8")
    print(f"{len(chars)} characters -> {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
