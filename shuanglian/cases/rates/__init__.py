"""The three rates (三率): rollup.py keeps the roll-up rows in the writing transaction;
figures.py reads fractions, periods and groupings from them; ranking.py ranks departments and
gives the headline figures; api.py serves them to the API."""
