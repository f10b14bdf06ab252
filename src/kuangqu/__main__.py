"""`python -m kuangqu`: the same entry point as the `kuangqu` script."""

from kuangqu.cli import main

if __name__ == "__main__":
    main()
