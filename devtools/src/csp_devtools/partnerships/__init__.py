"""Partnership files for trying and testing the platform with another partnership than
North Yorkshire and York: `CSP_PARTNERSHIP_FILE=$(python -c 'from csp_devtools.partnerships
import FENMOOR; print(FENMOOR)')`.

`fenmoor.json` is made up: a county, its areas, agencies, providers and MARACs that share
no code and no name with North Yorkshire's.
"""

from pathlib import Path

FENMOOR = Path(__file__).with_name("fenmoor.json")
