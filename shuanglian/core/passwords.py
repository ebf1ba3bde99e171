"""Password rules (等保 2.0 level 3): at least 8 characters, three character classes, not common,
not all digits, not like the user's name. Messages are Chinese whatever the interface language."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CLASSES_MESSAGE = "密码须包含大写字母、小写字母、数字、符号中的至少三类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message (Django's zh-Hans catalogue lacks this one)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, symbols (等保 password complexity)."""

    def validate(self, password, user=None):
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(CLASSES_MESSAGE, code="password_classes")

    def get_help_text(self):
        return CLASSES_MESSAGE
